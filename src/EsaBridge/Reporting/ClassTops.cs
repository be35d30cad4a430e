using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>Where one abort class's messages came from: the most frequent sources, each a real combination.</summary>
/// <param name="Rows">Most messages first (ties: sources with an IP first, then in ordinal order of IP, reverse DNS, sender group).</param>
/// <param name="OtherSources">How many further sources the rows leave out.</param>
/// <param name="OtherMessages">The messages of those further sources.</param>
public sealed record ClassTops(AbortClass Class, long Messages, IReadOnlyList<SourceRow> Rows, long OtherSources, long OtherMessages)
{
    public string Name => AbortClassNames.Of(Class);
}

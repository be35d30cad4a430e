using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>Where one abort class's messages came from.</summary>
public sealed record ClassTops(AbortClass Class, long Messages, TopList SourceIps, TopList Domains, TopList SenderGroups)
{
    public string Name => AbortClassNames.Of(Class);
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

public sealed record ClassCount(AbortClass Class, long Count, long NearTimeout)
{
    public string Name => AbortClassNames.Of(Class);

    public string? Hint => AbortClassNames.Hint(Class);
}

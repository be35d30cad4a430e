namespace EsaBridge.Core.Documents;

/// <summary>The HEC envelope settings around each event: sourcetype, index and (optionally) a fixed source.</summary>
public sealed record SplunkEnvelope
{
    public const string DefaultSourcetype = "cisco:esa:session";

    public string Sourcetype { get; init; } = DefaultSourcetype;

    /// <summary>Null leaves the index to the token's default.</summary>
    public string? Index { get; init; }

    /// <summary>Null uses the log file's path, or <c>syslog</c> for lines that came without one.</summary>
    public string? Source { get; init; }
}

namespace EsaBridge.Core.Documents;

/// <summary>The HEC envelope settings around each event: sourcetype, index and (optionally) a fixed source.</summary>
public sealed record SplunkEnvelope
{
    public const string DefaultSourcetype = "cisco:esa:session";

    /// <summary>The sourcetype of connection documents' events (<c>--hec-sourcetype</c> sets <see cref="Sourcetype"/>, the sessions' only).</summary>
    public const string DefaultConnectionSourcetype = "cisco:esa:connection";

    /// <summary>The sourcetype of session documents' events.</summary>
    public string Sourcetype { get; init; } = DefaultSourcetype;

    public string ConnectionSourcetype { get; init; } = DefaultConnectionSourcetype;

    /// <summary>Null leaves the index to the token's default.</summary>
    public string? Index { get; init; }

    /// <summary>Null uses the log file's path, or <c>syslog</c> for lines that came without one.</summary>
    public string? Source { get; init; }
}

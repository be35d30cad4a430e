namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>How the double is configured; every property may be changed while it runs.</summary>
public sealed class HecDoubleOptions
{
    /// <summary>The HEC token requests must carry (<c>Authorization: Splunk &lt;token&gt;</c>).</summary>
    public string Token { get; set; } = "11111111-2222-3333-4444-555555555555";

    /// <summary>The token exists but is disabled: code 1.</summary>
    public bool TokenDisabled { get; set; }

    /// <summary>Indexer acknowledgement is on for the token: a channel is required and answers carry <c>ackId</c>.</summary>
    public bool AckEnabled { get; set; }

    /// <summary>Indexes the token may write to; null allows any. Another index is code 7 for that event.</summary>
    public IReadOnlyCollection<string>? AllowedIndexes { get; set; }

    /// <summary><c>max_content_length</c>: a request whose Content-Length (as sent, compressed or not) is larger gets 413.</summary>
    public long MaxContentLength { get; set; } = 800L << 20;

    /// <summary>What <c>/services/collector/health</c> reports: 17 (healthy), or 18-20 with 503.</summary>
    public HecCode Health { get; set; } = HecCode.Healthy;

    /// <summary>How long the health endpoint takes to answer (a distant or busy Splunk).</summary>
    public TimeSpan HealthDelay { get; set; }

    /// <summary>When false (the default), a <c>?token=</c> in the query string is code 16.</summary>
    public bool QueryStringAuthorization { get; set; }

    /// <summary>Keep every indexed event's bytes (tests read them back); the benchmark only counts.</summary>
    public bool KeepEvents { get; set; } = true;

    /// <summary>When set at start, the double speaks HTTPS with this certificate (which must carry its private key).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? CertificateChain { get; set; }
}

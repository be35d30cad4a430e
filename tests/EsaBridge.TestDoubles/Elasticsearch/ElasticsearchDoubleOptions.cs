namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>How the double is configured; every property may be changed while it runs.</summary>
public sealed class ElasticsearchDoubleOptions
{
    /// <summary>Send <c>X-Elastic-Product: Elasticsearch</c> on every answer of the server itself (HEAD and errors included).</summary>
    public bool SendProductHeader { get; set; } = true;

    /// <summary>When set, requests must carry <c>Authorization: ApiKey &lt;ApiKey&gt;</c> (or the Basic pair, when set too).</summary>
    public string? ApiKey { get; set; }

    /// <summary>When set, requests must carry these Basic credentials (or the API key, when set too).</summary>
    public (string User, string Password)? Basic { get; set; }

    /// <summary><c>http.max_content_length</c>: a larger body (measured after decompression) gets 413 with an empty body.</summary>
    public long MaxRequestBytes { get; set; } = 100L << 20;

    /// <summary>
    /// <c>action.auto_create_index</c>: when true (the default), a write to a missing target creates it: a data stream when
    /// the highest-priority matching index template has <c>data_stream</c>, otherwise a plain index (the request flag
    /// <c>require_data_stream=true</c> turns the latter into a per-item 404). When false, only templates with
    /// <c>allow_auto_create: true</c> may create; any other missing target is a per-item 404 index_not_found_exception.
    /// </summary>
    public bool AutoCreateDataStreams { get; set; } = true;

    /// <summary>When set at start, the double speaks HTTPS with this certificate (which must carry its private key).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    /// <summary>Certificates sent after <see cref="Certificate"/> in the handshake, like the CA in Elasticsearch's http.p12.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? CertificateChain { get; set; }
}

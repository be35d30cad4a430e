using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Where and how to ship documents to Elasticsearch. Secrets are never logged.</summary>
internal sealed record ElasticsearchSettings : IOutputSettings
{
    public const string DefaultDataStream = "logs-cisco_esa.session-default";

    public required IReadOnlyList<Uri> Urls { get; init; }

    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM or DER file of the CA that signed the cluster's certificate (self-managed clusters).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>SHA-256 fingerprint of the cluster's CA certificate, as Elasticsearch prints it at first start.</summary>
    public string? CertificateFingerprint { get; init; }

    /// <summary>The session documents' data stream (<c>--es-data-stream</c>).</summary>
    public string DataStream { get; init; } = DefaultDataStream;

    /// <summary>The connection documents' data stream, named after <see cref="DataStream"/>
    /// (<see cref="DocumentDataset.ConnectionStreamFor"/>): <c>logs-cisco_esa.connection-default</c> by default.</summary>
    public string ConnectionDataStream => DocumentDataset.ConnectionStreamFor(DataStream);

    public int BatchDocuments { get; init; } = 1000;

    public long BatchBytes { get; init; } = 5L << 20;

    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gzip request bodies (the client's default): less traffic, more CPU on both ends.</summary>
    public bool Compression { get; init; } = true;

    public IOutputSettings WithRetryFor(TimeSpan retryFor) => this with { RetryFor = retryFor };

    public IDocumentOutput Create(TextWriter error) => new ElasticsearchOutput(this);

    public Task<OutputFatalException?> CheckAsync(IDocumentOutput output, TimeSpan busyFor, CancellationToken cancellation) =>
        ((ElasticsearchOutput)output).CheckAsync(cancellation);
}

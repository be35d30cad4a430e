using EsaBridge.Core.Documents;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Splunk;

/// <summary>Where and how to send events to Splunk's HTTP Event Collector. The token is never logged.</summary>
internal sealed record HecSettings : IOutputSettings
{
    public const long DefaultBatchBytes = 1L << 20;

    /// <summary>HEC's base address, e.g. <c>https://splunk:8088/</c>.</summary>
    public required Uri Url { get; init; }

    public required string Token { get; init; }

    public SplunkEnvelope Envelope { get; init; } = new();

    /// <summary>Indexer acknowledgement: a batch counts only once its ack id is reported true.</summary>
    public bool Acknowledgement { get; init; }

    /// <summary>PEM or DER file of the CA that signed HEC's certificate.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>No certificate check at all (labs only; a warning is printed on every start).</summary>
    public bool Insecure { get; init; }

    /// <summary>Largest request body before compression (1 MB: Splunk Cloud's and 6.x's <c>max_content_length</c>).</summary>
    public long BatchBytes { get; init; } = DefaultBatchBytes;

    public bool Compression { get; init; } = true;

    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a batch's ack may stay false before the batch is sent again.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The base address without any <c>/services/collector...</c> path a user may have pasted.</summary>
    public Uri BaseUrl
    {
        get
        {
            string text = Url.GetLeftPart(UriPartial.Path);
            int services = text.IndexOf("/services/collector", StringComparison.OrdinalIgnoreCase);
            if (services >= 0)
            {
                text = text[..services];
            }

            return new Uri(text.TrimEnd('/') + "/");
        }
    }

    /// <summary>The token without a pasted <c>Splunk </c> prefix (removed as a prefix, not as a set of characters).</summary>
    public static string NormalizeToken(string token)
    {
        string trimmed = token.Trim();
        return trimmed.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase) ? trimmed["Splunk ".Length..].Trim() : trimmed;
    }

    public IOutputSettings WithRetryFor(TimeSpan retryFor) => this with { RetryFor = retryFor };

    public IDocumentOutput Create(TextWriter error) => HecOutput.Create(this, error);

    public async Task<OutputFatalException?> CheckAsync(IDocumentOutput output, TimeSpan busyFor, CancellationToken cancellation)
    {
        try
        {
            await ((HecOutput)output).CheckHealthAsync(busyFor, cancellation).ConfigureAwait(false);
            return null;
        }
        catch (OutputFatalException e)
        {
            return e;
        }
    }
}

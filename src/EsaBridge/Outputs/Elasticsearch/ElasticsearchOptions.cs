using System.CommandLine;
using EsaBridge.Cli;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Connection flags for Elasticsearch, shared by <c>ship</c> and <c>setup elasticsearch</c>.</summary>
internal sealed class ElasticsearchOptions : IOutputOptions
{
    public Option<string[]> Url { get; } = new("--es-url")
    {
        Description = "Elasticsearch URL (repeat for several nodes), e.g. https://es1:9200",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> ApiKey { get; } = new("--es-api-key") { Description = "API key (encoded form); better: environment variable ESABRIDGE_ES_API_KEY" };

    public Option<string?> Username { get; } = new("--es-username") { Description = "User for basic authentication" };

    public Option<string?> Password { get; } = new("--es-password")
    {
        Description = "Password for basic authentication; better: environment variable ESABRIDGE_ES_PASSWORD",
    };

    public Option<string?> CaCertificate { get; } = new("--es-ca-cert") { Description = "CA certificate file (PEM or DER) that signed the cluster's certificate" };

    public Option<string?> Fingerprint { get; } = new("--es-fingerprint") { Description = "SHA-256 fingerprint of the cluster's CA certificate" };

    public Option<string> DataStream { get; } = new("--es-data-stream")
    {
        Description = "Data stream of the session documents; connection documents go to the same name with cisco_esa.connection for cisco_esa.session (or -connection appended)",
        DefaultValueFactory = _ => ElasticsearchSettings.DefaultDataStream,
    };

    public Option<int> BatchDocuments { get; } = new("--es-batch-docs")
    {
        Description = "Largest bulk request in documents",
        DefaultValueFactory = _ => 1000,
        CustomParser = ValueParsers.WholeNumber<int>("--es-batch-docs", "a number of documents such as 1000"),
    };

    public Option<string> BatchBytes { get; } = new("--es-batch-bytes")
    {
        Description = "Largest bulk request in bytes (5MB, 512KB, ...)",
        DefaultValueFactory = _ => "5MB",
    };

    public Option<bool> Compression { get; } = new("--es-compression")
    {
        Description = "Gzip request bodies (true by default; false saves CPU on fast local links)",
        DefaultValueFactory = _ => true,
    };

    private bool _withBatching;

    public void AddTo(Command command, bool withBatching)
    {
        _withBatching = withBatching;
        Option[] batching = withBatching ? [DataStream, BatchDocuments, BatchBytes, Compression] : [];
        foreach (Option option in (Option[])[Url, ApiKey, Username, Password, CaCertificate, Fingerprint, .. batching])
        {
            command.Options.Add(option);
        }
    }

    IOutputSettings? IOutputOptions.Read(ParseResult result, Func<string, string?> environment) => Read(result, environment);

    public ElasticsearchSettings? Read(ParseResult result, Func<string, string?> environment)
    {
        string[] urls = result.GetValue(Url) ?? [];
        if (urls.Length == 0)
        {
            return null;
        }

        var parsed = urls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")
            ? uri
            : throw new UsageException($"--es-url: '{Outputs.UrlRedaction.Redact(u)}' is not an http(s) URL")).ToList();
        string? apiKey = result.GetValue(ApiKey) ?? environment("ESABRIDGE_ES_API_KEY");
        string? username = result.GetValue(Username);
        string? password = result.GetValue(Password) ?? environment("ESABRIDGE_ES_PASSWORD");
        if (apiKey is not null && username is not null)
        {
            throw new UsageException("--es-api-key and --es-username are alternatives: give one");
        }

        string? ca = result.GetValue(CaCertificate);
        if (ca is not null && !System.IO.File.Exists(ca))
        {
            throw new Inputs.InputException($"--es-ca-cert '{ca}': no such file");
        }

        var settings = new ElasticsearchSettings
        {
            Urls = parsed,
            ApiKey = apiKey,
            Username = username,
            Password = password,
            CaCertificatePath = ca,
            CertificateFingerprint = result.GetValue(Fingerprint),
        };
        if (!_withBatching)
        {
            return settings;
        }

        int batchDocuments = result.GetValue(BatchDocuments);
        if (batchDocuments < 1)
        {
            throw new UsageException($"--es-batch-docs: {batchDocuments} must be at least 1");
        }

        return settings with
        {
            DataStream = result.GetValue(DataStream) ?? ElasticsearchSettings.DefaultDataStream,
            BatchDocuments = batchDocuments,
            BatchBytes = ValueParsers.Size("--es-batch-bytes", result.GetValue(BatchBytes) ?? "5MB"),
            Compression = result.GetValue(Compression),
        };
    }
}

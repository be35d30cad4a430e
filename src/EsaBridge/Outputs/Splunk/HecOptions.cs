using System.CommandLine;
using EsaBridge.Cli;
using EsaBridge.Core.Documents;

namespace EsaBridge.Outputs.Splunk;

/// <summary>Flags for the Splunk HTTP Event Collector output of <c>ship</c>.</summary>
internal sealed class HecOptions : IOutputOptions
{
    public const string TokenVariable = "ESABRIDGE_HEC_TOKEN";

    public Option<string?> Url { get; } = new("--hec-url") { Description = "Splunk HTTP Event Collector address, e.g. https://splunk:8088" };

    public Option<string?> Token { get; } = new("--hec-token") { Description = $"HEC token; better: environment variable {TokenVariable}" };

    public Option<string?> Index { get; } = new("--hec-index") { Description = "Index for the events (default: the token's default index)" };

    public Option<string> Sourcetype { get; } = new("--hec-sourcetype")
    {
        Description = "Sourcetype of the events",
        DefaultValueFactory = _ => SplunkEnvelope.DefaultSourcetype,
    };

    public Option<string?> Source { get; } = new("--hec-source") { Description = "Source of the events (default: the log file's path, or syslog)" };

    public Option<bool> Acknowledgement { get; } = new("--hec-ack")
    {
        Description = "Indexer acknowledgement: a batch counts as delivered only once HEC acknowledges it (the token must have it on)",
    };

    public Option<string> AckTimeout { get; } = new("--hec-ack-timeout")
    {
        Description = "With --hec-ack: how long an ack may stay false before the batch is sent again",
        DefaultValueFactory = _ => "2m",
    };

    public Option<string?> CaCertificate { get; } = new("--hec-ca-cert") { Description = "CA certificate file (PEM or DER) that signed HEC's certificate" };

    public Option<bool> Insecure { get; } = new("--hec-insecure") { Description = "Do not check HEC's TLS certificate (labs only; warns on every start)" };

    public Option<string> BatchBytes { get; } = new("--hec-batch-bytes")
    {
        Description = "Largest HEC request body before compression (1MB, 512KB, ...)",
        DefaultValueFactory = _ => "1MB",
    };

    public Option<bool> Compression { get; } = new("--hec-compression")
    {
        Description = "Gzip request bodies (true by default; false saves CPU on fast local links)",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Url, Token, Index, Sourcetype, Source, Acknowledgement, AckTimeout, CaCertificate, Insecure, BatchBytes, Compression])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>HEC's body size and compression flags are always there: <paramref name="withBatching"/> changes nothing.</summary>
    void IOutputOptions.AddTo(Command command, bool withBatching) => AddTo(command);

    IOutputSettings? IOutputOptions.Read(ParseResult result, Func<string, string?> environment) => Read(result, environment);

    public HecSettings? Read(ParseResult result, Func<string, string?> environment)
    {
        string? url = result.GetValue(Url);
        if (url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new UsageException($"--hec-url: '{Outputs.UrlRedaction.Redact(url)}' is not an http(s) URL");
        }

        string token = HecSettings.NormalizeToken(result.GetValue(Token) ?? environment(TokenVariable) ?? string.Empty);
        if (token.Length == 0)
        {
            throw new UsageException($"--hec-url needs a token: --hec-token TOKEN or environment variable {TokenVariable}");
        }

        string? ca = result.GetValue(CaCertificate);
        bool insecure = result.GetValue(Insecure);
        if (ca is not null && insecure)
        {
            throw new UsageException("--hec-ca-cert and --hec-insecure are alternatives: give one");
        }

        if (ca is not null && !System.IO.File.Exists(ca))
        {
            throw new Inputs.InputException($"--hec-ca-cert '{ca}': no such file");
        }

        string sourcetype = result.GetValue(Sourcetype) ?? SplunkEnvelope.DefaultSourcetype;
        if (string.IsNullOrWhiteSpace(sourcetype))
        {
            throw new UsageException("--hec-sourcetype: must not be empty");
        }

        return new HecSettings
        {
            Url = uri,
            Token = token,
            Envelope = new SplunkEnvelope { Sourcetype = sourcetype, Index = NonEmpty(result.GetValue(Index)), Source = NonEmpty(result.GetValue(Source)) },
            Acknowledgement = result.GetValue(Acknowledgement),
            AckTimeout = ValueParsers.Duration("--hec-ack-timeout", result.GetValue(AckTimeout) ?? "2m"),
            CaCertificatePath = ca,
            Insecure = insecure,
            BatchBytes = ValueParsers.Size("--hec-batch-bytes", result.GetValue(BatchBytes) ?? "1MB"),
            Compression = result.GetValue(Compression),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using System.CommandLine;
using EsaBridge.Delivery;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.Splunk;

namespace EsaBridge.Outputs;

/// <summary>Every kind of output the commands deliver to, one entry each, in the order their flags are listed and their
/// outputs started. Adding an output is its own folder (the output, its settings implementing <see
/// cref="IOutputSettings"/>), its options (<see cref="IOutputOptions"/>), one line here, and its docs.</summary>
internal sealed class OutputRegistry(IReadOnlyList<OutputKind> kinds)
{
    public static OutputRegistry BuiltIn { get; } = new(
    [
        new("elasticsearch", "--es-url", () => new ElasticsearchOptions()),
        new("splunk-hec", "--hec-url", () => new HecOptions()),
    ]);

    public IReadOnlyList<OutputKind> Kinds => kinds;

    /// <summary>How a usage message names the ways to give an output: <c>--es-url URL or --hec-url URL</c>.</summary>
    public string UrlFlags => string.Join(" or ", Kinds.Select(k => $"{k.UrlFlag} URL"));

    /// <summary>These outputs and one more (the tests' own outputs go through every command this way).</summary>
    public OutputRegistry With(OutputKind kind) => new([.. kinds, kind]);
}

/// <param name="Name">The output's name in dead letters, position files, metrics and messages.</param>
/// <param name="UrlFlag">The flag that turns it on.</param>
/// <param name="CreateOptions">Its flags, for one command.</param>
internal sealed record OutputKind(string Name, string UrlFlag, Func<IOutputOptions> CreateOptions);

/// <summary>The flags of one kind of output, added to a command and read back.</summary>
internal interface IOutputOptions
{
    /// <param name="withBatching">Also the flags of batch size and compression (<c>ship</c>, <c>resend</c>).</param>
    void AddTo(Command command, bool withBatching);

    /// <returns>Null when the output was not asked for.</returns>
    IOutputSettings? Read(ParseResult result, Func<string, string?> environment);
}

/// <summary>One configured output: how to build it, check it at start, and retry it.</summary>
internal interface IOutputSettings
{
    /// <summary>How long transient failures are retried before the documents go to the dead-letter file.</summary>
    TimeSpan RetryFor { get; }

    TimeSpan RetryBaseDelay { get; }

    TimeSpan RetryMaxDelay { get; }

    IOutputSettings WithRetryFor(TimeSpan retryFor);

    /// <summary>The output, not yet in touch with its server.</summary>
    IDocumentOutput Create(TextWriter error);

    /// <summary>Asks the server once whether delivery can work, waiting out a busy one for up to <paramref name="busyFor"/>.</summary>
    /// <returns>What is wrong, in one line, or null.</returns>
    Task<OutputFatalException?> CheckAsync(IDocumentOutput output, TimeSpan busyFor, CancellationToken cancellation);

    /// <param name="keepTryingRefused">The service's: a refused batch is tried again until accepted.</param>
    DeliveryPolicy Policy(bool keepTryingRefused = false) => new(RetryFor, RetryBaseDelay, RetryMaxDelay, keepTryingRefused);
}

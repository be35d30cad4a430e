using System.CommandLine;
using EsaBridge.Delivery;
using EsaBridge.Outputs;

namespace EsaBridge.Tests.Outputs.Counting;

/// <summary>
/// The smallest output there is, for tests only (issue 15's proof that a new output costs its own folder and one
/// registration): <c>--count-into NAME</c> counts each document it is sent, by <c>event.id</c>, into
/// <see cref="Tally"/>. It answers through the <see cref="DeliveryEngine"/> like any output, so retries, dead letters
/// and the summary come from the engine; <see cref="FailFirst"/> makes its first sends fail to show that.
/// </summary>
internal sealed class CountingOutput(Tally tally) : IDocumentOutput, IBatchSender<OutgoingDocument>
{
    public static OutputKind Kind(Tally tally) => new("count", "--count-into", () => new CountingOptions(tally));

    public string Name => "count";

    public DeliveryCounters Counters { get; } = new();

    public DeliveryTrouble Trouble { get; } = new();

    public (int Documents, long Bytes) BatchLimits => (10, 1 << 20);

    public string ServerName => "the counter";

    public string ItemsName => "documents";

    public Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation) =>
        engine.DeliverAsync([.. batch], this, cancellation);

    public OutgoingDocument DocumentOf(OutgoingDocument item) => item;

    public Task<DeliveryAnswer<OutgoingDocument>> SendOnceAsync(List<OutgoingDocument> items, CancellationToken cancellation)
    {
        Counters.AddSent(items.Count);
        if (Interlocked.Decrement(ref tally.FailFirst) >= 0)
        {
            throw new InvalidOperationException("the counter is not ready");
        }

        foreach (var document in items)
        {
            tally.Counts.AddOrUpdate(document.Id, 1, (_, n) => n + 1);
        }

        Counters.AddCreated(items.Count);
        return Task.FromResult(DeliveryAnswer<OutgoingDocument>.Done);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class CountingOptions(Tally tally) : IOutputOptions
    {
        private readonly Option<string?> _into = new("--count-into") { Description = "Count the documents (tests only)" };

        public void AddTo(Command command, bool withBatching) => command.Options.Add(_into);

        public IOutputSettings? Read(ParseResult result, Func<string, string?> environment) =>
            result.GetValue(_into) is null ? null : new CountingSettings(tally, TimeSpan.FromSeconds(10));
    }

    private sealed record CountingSettings(Tally Tally, TimeSpan RetryFor) : IOutputSettings
    {
        public TimeSpan RetryBaseDelay => TimeSpan.FromMilliseconds(10);

        public TimeSpan RetryMaxDelay => TimeSpan.FromMilliseconds(50);

        public IOutputSettings WithRetryFor(TimeSpan retryFor) => this with { RetryFor = retryFor };

        public IDocumentOutput Create(TextWriter error) => new CountingOutput(Tally);

        public Task<OutputFatalException?> CheckAsync(IDocumentOutput output, TimeSpan busyFor, CancellationToken cancellation) =>
            Task.FromResult<OutputFatalException?>(null);
    }
}

/// <summary>What a <see cref="CountingOutput"/> was sent: how often each <c>event.id</c> arrived.</summary>
internal sealed class Tally
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Counts { get; } = new();

    /// <summary>How many sends fail before the counter takes documents (a field: Interlocked counts it down).</summary>
    public int FailFirst;
}

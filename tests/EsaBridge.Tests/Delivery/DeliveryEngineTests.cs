using System.Text;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery;
using EsaBridge.Spool;
using EsaBridge.Tests.Documents;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Tests.Delivery;

/// <summary>The delivery engine every output and command shares, driven by a scripted output.</summary>
public sealed class DeliveryEngineTests : IDisposable
{
    private static readonly DeliveryPolicy Ship = new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));
    private static readonly DeliveryPolicy Run = Ship with { RetryFor = TimeSpan.FromDays(365 * 100), KeepTryingRefused = true };

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-engine-").FullName;
    private readonly DeadLetterFile _deadLetters;

    public DeliveryEngineTests() => _deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));

    public void Dispose()
    {
        _deadLetters.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Any_exception_thrown_by_a_send_is_retried_not_fatal()
    {
        int sends = 0;
        var output = new ScriptedOutput(items => ++sends == 1 ? throw new NullReferenceException("a bug in the output") : Done(items));

        await new DeliveryEngine(output, Ship, _deadLetters).DeliverBatchAsync(Documents(3), CancellationToken.None);

        Assert.Equal(2, sends);
        Assert.Equal(3, output.Counters.Created);
        Assert.Equal(3, output.Counters.Retried);
        Assert.Equal(1, output.Trouble.Failures);
        Assert.Contains("NullReferenceException: a bug in the output", output.Trouble.LastFailure ?? "a delivery cleared it", StringComparison.Ordinal);
        Assert.Equal(0, _deadLetters.Count);
    }

    [Fact]
    public async Task Too_large_splits_down_to_one_document_then_dead_letters_it()
    {
        var output = new ScriptedOutput(items => items.Any(d => d.Id == "big")
            ? new DeliveryAnswer<OutgoingDocument>(DeliveryOutcome.TooLarge, items, 413, "413: this one document is too large")
            : Done(items));
        var batch = Documents(6);
        batch.Insert(4, Document("big"));

        await new DeliveryEngine(output, Ship, _deadLetters).DeliverBatchAsync(batch, CancellationToken.None);

        Assert.Equal(6, output.Counters.Created);
        Assert.Equal(1, output.Counters.DeadLettered);
        string line = Assert.Single(File.ReadAllLines(_deadLetters.Path));
        Assert.Contains("\"status\":413", line, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"413: this one document is too large\"", line, StringComparison.Ordinal);
        Assert.Contains("\"event_id\":\"big\"", line, StringComparison.Ordinal);
        Assert.All(output.Sent, sent => Assert.True(sent.Count == 1 || !sent.Any(d => d.Id == "big") || sent.Count > 1));
        Assert.Contains(output.Sent, sent => sent.Count == 1 && sent[0].Id == "big");
    }

    [Fact]
    public async Task A_fatal_answer_stops_a_batch_run_at_once()
    {
        var output = new ScriptedOutput(items => new DeliveryAnswer<OutgoingDocument>(DeliveryOutcome.Unauthorized, items, 401, "bad key"));

        var refused = await Assert.ThrowsAsync<OutputFatalException>(
            () => new DeliveryEngine(output, Ship, _deadLetters).DeliverBatchAsync(Documents(2), CancellationToken.None));

        Assert.Equal("Fake refused the request: bad key", refused.Message);
        Assert.True(refused.Authentication);
        Assert.Single(output.Sent);
        Assert.Equal(0, _deadLetters.Count);
    }

    [Fact]
    public async Task The_service_keeps_trying_a_refused_batch_until_it_is_accepted()
    {
        int sends = 0;
        var output = new ScriptedOutput(items => ++sends < 3
            ? new DeliveryAnswer<OutgoingDocument>(DeliveryOutcome.Fatal, items, null, "certificate refused")
            : Done(items));

        await new DeliveryEngine(output, Run, _deadLetters).DeliverBatchAsync(Documents(2), CancellationToken.None);

        Assert.Equal(3, sends);
        Assert.Equal(2, output.Counters.Created);
        Assert.Equal(2, output.Trouble.Failures);
    }

    [Fact]
    public async Task A_batch_run_dead_letters_what_is_still_failing_when_its_retry_time_is_over()
    {
        var output = new ScriptedOutput(items => new DeliveryAnswer<OutgoingDocument>(DeliveryOutcome.Retry, items, 503, "busy"));
        var policy = Ship with { RetryFor = TimeSpan.FromMilliseconds(100) };

        await new DeliveryEngine(output, policy, _deadLetters).DeliverBatchAsync(Documents(3), CancellationToken.None);

        Assert.True(output.Sent.Count >= 2, "retried within the time");
        Assert.Equal(3, output.Counters.DeadLettered);
        Assert.All(File.ReadAllLines(_deadLetters.Path), line => Assert.Contains("\"reason\":\"not delivered within 00:00:00.1000000: busy\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_over_the_memory_spool_delivers_every_document_in_order_and_stops_once_drained()
    {
        var output = new ScriptedOutput(Done);
        var engine = new DeliveryEngine(output, Ship, _deadLetters);
        using var spool = new MemorySpool((3, 1 << 20), batches: 3);
        OutputWorker? worker = null;
        worker = new OutputWorker(engine, spool, cursorDirectory: null, NullLogger.Instance, acknowledged: () => spool.Release(worker!.Position), inFlight: 2, batchLimits: (3, 1 << 20));
        var running = Task.Run(() => worker.RunAsync(CancellationToken.None));

        var lines = DirectDocumentTests.Lines(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log")));
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), spool.Documents);
        pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
        lines.ForEach(line => pipeline.Feed(line));
        pipeline.FlushIncomplete();
        spool.Complete();
        worker.Drain();
        await running;

        var delivered = output.Sent.SelectMany(batch => batch).ToList();
        Assert.True(spool.Count > 10, $"{spool.Count} documents made");
        Assert.Equal(spool.Count, delivered.Count);
        Assert.Equal(delivered.Count, delivered.Select(d => d.Id).Distinct().Count());
        Assert.All(delivered, d => Assert.Contains(d.Id, Encoding.UTF8.GetString(d.Json.Span), StringComparison.Ordinal));
        Assert.All(output.Sent, batch => Assert.InRange(batch.Count, 1, 3));
        Assert.Equal(spool.CommittedPosition, worker.Position);
    }

    private static DeliveryAnswer<OutgoingDocument> Done(List<OutgoingDocument> items) => DeliveryAnswer<OutgoingDocument>.Done;

    private static List<OutgoingDocument> Documents(int count) => [.. Enumerable.Range(0, count).Select(i => Document($"id-{i}"))];

    private static OutgoingDocument Document(string id) => new(id, Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"));

    /// <summary>An output whose sends answer as the script says; counts what the script says is done as created.</summary>
    private sealed class ScriptedOutput(Func<List<OutgoingDocument>, DeliveryAnswer<OutgoingDocument>> script)
        : IDocumentOutput, IBatchSender<OutgoingDocument>
    {
        public List<List<OutgoingDocument>> Sent { get; } = [];

        public string Name => "fake";

        public DeliveryCounters Counters { get; } = new();

        public DeliveryTrouble Trouble { get; } = new();

        public (int Documents, long Bytes) BatchLimits => (100, 1 << 20);

        public string ServerName => "Fake";

        public string ItemsName => "documents";

        public OutgoingDocument DocumentOf(OutgoingDocument item) => item;

        public Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation)
        {
            Counters.AddSent(batch.Count);
            return engine.DeliverAsync([.. batch], this, cancellation);
        }

        public Task<DeliveryAnswer<OutgoingDocument>> SendOnceAsync(List<OutgoingDocument> items, CancellationToken cancellation)
        {
            lock (Sent)
            {
                Sent.Add([.. items]);
            }

            var answer = script(items);
            if (answer.Outcome == DeliveryOutcome.Done)
            {
                Counters.AddCreated(items.Count);
            }

            return Task.FromResult(answer);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

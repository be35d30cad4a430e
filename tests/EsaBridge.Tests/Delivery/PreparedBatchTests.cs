using System.Collections.Concurrent;
using System.Text;
using EsaBridge.Delivery;
using EsaBridge.Spool;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Tests.Delivery;

/// <summary>The output worker has its output prepare the next batch (<see cref="IDocumentOutput.Prepare"/>) while the
/// batches before it are out, hands it over with that batch, and gives back every prepared batch, sent or not.</summary>
public sealed class PreparedBatchTests : IDisposable
{
    private static readonly DeliveryPolicy Ship = new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-prepared-").FullName;
    private readonly DeadLetterFile _deadLetters;

    public PreparedBatchTests() => _deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));

    public void Dispose()
    {
        _deadLetters.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_next_batch_is_prepared_while_the_one_before_is_still_out_and_delivered_with_it()
    {
        using var spool = Spool(6);
        var output = new HeldOutput();
        var worker = new OutputWorker(new DeliveryEngine(output, Ship, _deadLetters), spool, cursorDirectory: null, NullLogger.Instance, batchLimits: (2, 1 << 20));
        var running = Task.Run(() => worker.RunAsync(CancellationToken.None));

        await Until(() => output.Prepared.Count == 2);
        Assert.Single(output.Started);
        Assert.Equal(spool.OldestPosition, worker.Position);

        output.ReleaseAll();
        worker.Drain();
        await running;

        Assert.Equal(["id-0 id-1", "id-2 id-3", "id-4 id-5"], output.Started.Select(b => b.Ids));
        Assert.All(output.Started, b => Assert.Equal(b.Ids, b.Prepared!.Ids));
        Assert.All(output.Prepared, p => Assert.True(p.Disposed, $"{p.Ids} was not given back"));
        Assert.Equal(spool.CommittedPosition, worker.Position);
    }

    [Fact]
    public async Task A_batch_prepared_ahead_and_never_sent_is_given_back_when_the_worker_stops()
    {
        using var spool = Spool(6);
        var output = new HeldOutput();
        var worker = new OutputWorker(new DeliveryEngine(output, Ship, _deadLetters), spool, cursorDirectory: null, NullLogger.Instance, batchLimits: (2, 1 << 20));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => worker.RunAsync(stop.Token));

        await Until(() => output.Prepared.Count == 2);
        await stop.CancelAsync();
        await running;

        Assert.Equal(["id-0 id-1"], output.Started.Select(b => b.Ids));
        Assert.Equal(["id-0 id-1", "id-2 id-3"], output.Prepared.Select(p => p.Ids));
        Assert.All(output.Prepared, p => Assert.True(p.Disposed, $"{p.Ids} was not given back"));
        Assert.Equal(spool.OldestPosition, worker.Position);
    }

    /// <summary>What an output makes ahead is only a head start: an output whose preparing throws still gets every
    /// batch, without it, and the worker goes on (an output's exceptions are retried or settled by the engine, never
    /// fatal on their own).</summary>
    [Fact]
    public async Task A_batch_whose_preparing_throws_is_delivered_without_it()
    {
        using var spool = Spool(6);
        var output = new HeldOutput { PrepareFails = true };
        output.ReleaseAll();
        var worker = new OutputWorker(new DeliveryEngine(output, Ship, _deadLetters), spool, cursorDirectory: null, NullLogger.Instance, batchLimits: (2, 1 << 20));

        var running = Task.Run(() => worker.RunAsync(CancellationToken.None));
        await Until(() => worker.Position == spool.CommittedPosition);
        worker.Drain();
        await running;

        Assert.Equal(["id-0 id-1", "id-2 id-3", "id-4 id-5"], output.Started.Select(b => b.Ids));
        Assert.All(output.Started, b => Assert.Null(b.Prepared));
        Assert.Equal(0, _deadLetters.Count);
    }

    private DocumentSpool Spool(int documents)
    {
        var spool = new DocumentSpool(Path.Combine(_dir, "spool"));
        for (int i = 0; i < documents; i++)
        {
            spool.Append($"id-{i}", Encoding.UTF8.GetBytes($"{{\"id\":\"id-{i}\"}}"));
        }

        spool.Commit();
        return spool;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private sealed class Prepared(string ids) : IPreparedBatch
    {
        public string Ids { get; } = ids;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed record Start(string Ids, Prepared? Prepared);

    /// <summary>An output whose deliveries wait until released (or cancelled), recording what it prepared and started.</summary>
    private sealed class HeldOutput : IDocumentOutput
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<Prepared> Prepared { get; } = new();

        public ConcurrentQueue<Start> Started { get; } = new();

        public string Name => "held";

        public DeliveryCounters Counters { get; } = new();

        public DeliveryTrouble Trouble { get; } = new();

        public (int Documents, long Bytes) BatchLimits => (2, 1 << 20);

        public bool PrepareFails { get; init; }

        public void ReleaseAll() => _released.TrySetResult();

        public IPreparedBatch? Prepare(IReadOnlyList<OutgoingDocument> batch)
        {
            if (PrepareFails)
            {
                throw new InvalidDataException("cannot prepare");
            }

            var prepared = new Prepared(IdsOf(batch));
            Prepared.Enqueue(prepared);
            return prepared;
        }

        public Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation) =>
            throw new InvalidOperationException("the worker delivers with what it prepared");

        public async Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, IPreparedBatch? prepared, DeliveryEngine engine, CancellationToken cancellation)
        {
            Started.Enqueue(new Start(IdsOf(batch), prepared as Prepared));
            await _released.Task.WaitAsync(cancellation);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string IdsOf(IReadOnlyList<OutgoingDocument> batch) => string.Join(' ', batch.Select(d => d.Id));
    }
}

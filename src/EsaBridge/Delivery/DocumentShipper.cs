using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Delivery;

/// <summary>
/// Takes records from the (synchronous) pipeline and hands them, a few hundred at a time, to a background thread that
/// encodes them, groups them into batches within every output's limits, and delivers each batch to every output.
/// Encoding off the reading thread lets parsing and encoding use both cores, as <c>parse</c> does. The hand-over queue
/// is bounded, so a slow or retrying output slows reading down instead of filling memory.
/// </summary>
internal sealed class DocumentShipper : IDisposable
{
    private const int InFlight = 2;
    private const int RecordsPerHandOver = 256;
    private const int ChunkSize = 256 * 1024;

    private readonly IReadOnlyList<IDocumentOutput> _outputs;
    private readonly BlockingCollection<List<SessionRecord>> _records = new(boundedCapacity: 16);
    private readonly Task _delivery;
    private readonly int _batchDocuments;
    private readonly long _batchBytes;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _stopSending;
    private readonly ChunkPool _chunks;
    private List<SessionRecord> _pending = new(RecordsPerHandOver);
    private volatile Exception? _failure;
    private bool _completed;

    public DocumentShipper(IReadOnlyList<IDocumentOutput> outputs, CancellationToken cancellation = default)
    {
        _outputs = outputs;
        _cancellation = cancellation;
        _stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _batchDocuments = outputs.Min(o => o.BatchLimits.Documents);
        _batchBytes = outputs.Min(o => o.BatchLimits.Bytes);

        // Enough chunks for the batches in flight and the one being filled; more are allocated, then dropped, if needed.
        _chunks = new ChunkPool(ChunkSize, maxKept: (int)Math.Clamp((InFlight + 1) * ((_batchBytes / ChunkSize) + 1), 4, 256));
        _delivery = Task.Factory.StartNew(DeliverLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public long Documents { get; private set; }

    public void Add(SessionRecord record)
    {
        _pending.Add(record);
        Documents++;
        if (_pending.Count == RecordsPerHandOver)
        {
            Post();
        }
    }

    /// <summary>Delivers what is left and waits; rethrows an output's fatal error.</summary>
    public async Task CompleteAsync()
    {
        if (!_completed)
        {
            _completed = true;
            if (_failure is null && _pending.Count > 0)
            {
                Post();
            }

            _records.CompleteAdding();
        }

        await _delivery.ConfigureAwait(false);
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _records.CompleteAdding();
        }

        _delivery.Wait(TimeSpan.FromSeconds(10));
        _records.Dispose();
        _stopSending.Dispose();
    }

    private void Post()
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        _records.Add(_pending, _cancellation);
        _pending = new List<SessionRecord>(RecordsPerHandOver);
    }

    /// <summary>
    /// Encodes records into batches and keeps up to <see cref="InFlight"/> batches in flight, so encoding and sending
    /// overlap the server's work.
    /// </summary>
    private void DeliverLoop()
    {
        var encoder = new NdjsonEncoder();
        var inFlight = new List<Task>();
        var batch = new EncodedBatch(_chunks);
        try
        {
            foreach (var records in _records.GetConsumingEnumerable(_cancellation))
            {
                foreach (var record in records)
                {
                    var json = encoder.EncodeInPlace(record);
                    if (batch.Count > 0 && (batch.Count >= _batchDocuments || batch.Bytes + json.Length > _batchBytes))
                    {
                        Send(batch, inFlight);
                        batch = new EncodedBatch(_chunks);
                    }

                    batch.Add(record.EventId, json);
                }
            }

            if (batch.Count > 0)
            {
                Send(batch, inFlight);
            }

            Task.WhenAll(inFlight).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            _failure = e;

            // The other batch in flight is abandoned, and waited for, so nothing of it runs after the failure is reported.
            _stopSending.Cancel();
            try
            {
                Task.WaitAll(inFlight);
            }
            catch (AggregateException)
            {
                // Its own outcome no longer matters: the first failure is the one reported.
            }

            foreach (var unused in _records.GetConsumingEnumerable())
            {
                // Drain so the reading side never blocks on a stopped sender.
            }
        }
    }

    /// <summary>Starts delivering a batch once fewer than <see cref="InFlight"/> are in flight; rethrows a finished batch's failure.</summary>
    private void Send(EncodedBatch batch, List<Task> inFlight)
    {
        if (inFlight.Count == InFlight)
        {
            var finished = Task.WhenAny(inFlight).GetAwaiter().GetResult();
            inFlight.Remove(finished);
            finished.GetAwaiter().GetResult();
        }

        inFlight.Add(DeliverAsync(batch));
    }

    private async Task DeliverAsync(EncodedBatch batch)
    {
        await Task.WhenAll(_outputs.Select(o => o.DeliverAsync(batch.Documents, _stopSending.Token))).ConfigureAwait(false);

        // Only a batch every output has finished with gives its memory back; a failed one is left to the GC.
        batch.Release();
    }
}

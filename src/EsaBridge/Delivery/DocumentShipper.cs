using System.Text;
using EsaBridge.Core.Documents;

namespace EsaBridge.Delivery;

/// <summary>
/// Delivers the documents of a batch run (<c>ship</c>): the sessionizer writes each document, framed with its id, into
/// <see cref="Documents"/>; full arrays go to a thread of its own that groups the documents into batches within every
/// output's limits and delivers each batch to every output, so parsing, sessionizing and sending use the cores
/// together. A fixed number of arrays go round, so a slow or retrying output slows reading down instead of filling
/// memory.
/// </summary>
internal sealed class DocumentShipper : IDisposable
{
    private const int InFlight = 2;
    private const int FlushBytes = 128 << 10;
    private const int Arrays = 8;
    private const int ChunkSize = 256 * 1024;

    private readonly IReadOnlyList<IDocumentOutput> _outputs;
    private readonly DocumentArrays _arrays = new(Arrays, FlushBytes + (16 << 10));
    private readonly Task _delivery;
    private readonly int _batchDocuments;
    private readonly long _batchBytes;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _stopSending;
    private readonly ChunkPool _chunks;
    private volatile Exception? _failure;
    private long _documents;
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
        Documents = new FramedDocumentSink(HandOff, _arrays.First, FlushBytes);
        _delivery = Task.Factory.StartNew(DeliverLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Where the sessionizer writes the documents (from one thread).</summary>
    /// <remarks>Writing into it throws an output's fatal error once delivery has stopped on one.</remarks>
    public FramedDocumentSink Documents { get; }

    /// <summary>Documents taken for delivery; complete once <see cref="CompleteAsync"/> returned.</summary>
    public long Count => Interlocked.Read(ref _documents);

    /// <summary>Delivers what is left and waits; rethrows an output's fatal error.</summary>
    public async Task CompleteAsync()
    {
        if (!_completed)
        {
            _completed = true;
            if (_failure is null)
            {
                Documents.Flush();
            }

            _arrays.Complete();
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
            _arrays.Complete();
        }

        _delivery.Wait(TimeSpan.FromSeconds(10));
        _arrays.Dispose();
        _stopSending.Dispose();
    }

    private byte[] HandOff(ArraySegment<byte> written)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        _arrays.Hand(written, _cancellation);
        return _arrays.TakeEmpty(_cancellation);
    }

    /// <summary>
    /// Groups the documents into batches and keeps up to <see cref="InFlight"/> batches in flight, so copying and sending
    /// overlap the server's work.
    /// </summary>
    private void DeliverLoop()
    {
        var inFlight = new List<Task>();
        var batch = new EncodedBatch(_chunks);
        try
        {
            foreach (var frames in _arrays.Handed())
            {
                batch = AddAll(frames, batch, inFlight);
                _arrays.Return(frames.Array!);
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

            foreach (var frames in _arrays.Handed())
            {
                // Keep giving arrays back so the sessionizer never blocks on a stopped sender; it throws at its next hand-off.
                _arrays.Return(frames.Array!);
            }
        }
    }

    /// <returns>The batch being filled after the frames were added (the full ones were sent).</returns>
    private EncodedBatch AddAll(ArraySegment<byte> frames, EncodedBatch batch, List<Task> inFlight)
    {
        int offset = 0;
        while (offset < frames.Count)
        {
            int frameBytes = FramedDocumentSink.FrameLength(frames.AsSpan(offset));
            FramedDocumentSink.Split(frames.AsSpan(offset, frameBytes), out var id, out var json);
            offset += frameBytes;
            if (batch.Count > 0 && (batch.Count >= _batchDocuments || batch.Bytes + json.Length > _batchBytes))
            {
                Send(batch, inFlight);
                batch = new EncodedBatch(_chunks);
            }

            batch.Add(Encoding.ASCII.GetString(id), json);
            Interlocked.Increment(ref _documents);
        }

        return batch;
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

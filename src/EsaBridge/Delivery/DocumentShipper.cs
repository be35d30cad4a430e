using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Delivery;

/// <summary>
/// Takes records from the (synchronous) pipeline, encodes them, groups them into batches within every output's
/// limits, and delivers each batch to every output from a background task. The hand-over queue is bounded, so a
/// slow or retrying output slows reading down instead of filling memory.
/// </summary>
internal sealed class DocumentShipper : IDisposable
{
    private const int InFlight = 2;

    private readonly IReadOnlyList<IDocumentOutput> _outputs;
    private readonly BlockingCollection<List<OutgoingDocument>> _batches = new(boundedCapacity: 4);
    private readonly Task _delivery;
    private readonly int _batchDocuments;
    private readonly long _batchBytes;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _stopSending;
    private readonly NdjsonEncoder _encoder = new();
    private List<OutgoingDocument> _current = [];
    private long _currentBytes;
    private volatile Exception? _failure;
    private bool _completed;

    public DocumentShipper(IReadOnlyList<IDocumentOutput> outputs, CancellationToken cancellation = default)
    {
        _outputs = outputs;
        _cancellation = cancellation;
        _stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _batchDocuments = outputs.Min(o => o.BatchLimits.Documents);
        _batchBytes = outputs.Min(o => o.BatchLimits.Bytes);
        _delivery = Task.Factory.StartNew(DeliverLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public long Documents { get; private set; }

    public void Add(SessionRecord record)
    {
        var document = new OutgoingDocument(record.EventId, _encoder.Encode(record));
        if (_current.Count > 0 && (_current.Count >= _batchDocuments || _currentBytes + document.Size > _batchBytes))
        {
            Post();
        }

        _current.Add(document);
        _currentBytes += document.Size;
        Documents++;
    }

    /// <summary>Delivers what is left and waits; rethrows an output's fatal error.</summary>
    public async Task CompleteAsync()
    {
        if (!_completed)
        {
            _completed = true;
            if (_failure is null && _current.Count > 0)
            {
                Post();
            }

            _batches.CompleteAdding();
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
            _batches.CompleteAdding();
        }

        _delivery.Wait(TimeSpan.FromSeconds(10));
        _batches.Dispose();
        _stopSending.Dispose();
    }

    private void Post()
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        _batches.Add(_current, _cancellation);
        _current = [];
        _currentBytes = 0;
    }

    /// <summary>Keeps up to <see cref="InFlight"/> batches in flight, so encoding and sending overlap the server's work.</summary>
    private void DeliverLoop()
    {
        var inFlight = new List<Task>();
        try
        {
            foreach (var batch in _batches.GetConsumingEnumerable(_cancellation))
            {
                if (inFlight.Count == InFlight)
                {
                    var finished = Task.WhenAny(inFlight).GetAwaiter().GetResult();
                    inFlight.Remove(finished);
                    finished.GetAwaiter().GetResult();
                }

                inFlight.Add(Task.WhenAll(_outputs.Select(o => o.DeliverAsync(batch, _stopSending.Token))));
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

            foreach (var unused in _batches.GetConsumingEnumerable())
            {
                // Drain so the reading side never blocks on a stopped sender.
            }
        }
    }
}

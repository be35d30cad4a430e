using EsaBridge.Spool;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Delivery;

/// <summary>Feeds one output from a spool through its <see cref="DeliveryEngine"/> (whose retries are the only ones), for
/// <c>run</c> (the spool on disk, a position file) and <c>ship</c> (a <see cref="MemorySpool"/>, no position file) alike.
/// Its position moves on, and is saved, only once the output has acknowledged (or dead-lettered) a batch, so a crash
/// resends at most the batches in flight, never loses one.</summary>
internal sealed partial class OutputWorker
{
    private readonly DeliveryEngine _engine;
    private readonly IDocumentOutput _output;
    private readonly IDocumentSource _spool;
    private readonly string? _cursorPath;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _drain = new();
    private readonly StateDisk _disk;
    private readonly Action? _acknowledged;
    private readonly int _inFlight;
    private readonly (int Documents, long Bytes) _batchLimits;
    private SpoolArrivals? _arrivals;
    private long _position;
    private bool _cursorUnsaved;

    /// <param name="cursorDirectory">Where the position file is kept; none when null (a batch run starts from the spool's beginning).</param>
    /// <param name="acknowledged">Called after each acknowledged batch (the service frees spool segments then).</param>
    /// <param name="resendFrom">Where the output starts when its position file is missing or damaged: a spool position
    /// every output had passed (the acknowledged checkpoint's); the spool's oldest when not given.</param>
    /// <param name="inFlight">Batches sent at once: more than one overlaps the server's work with the next send (<c>ship</c>).</param>
    /// <param name="batchLimits">The largest batch read, when not the output's own: <c>ship</c> cuts the same batches
    /// for every output, within all their limits.</param>
    public OutputWorker(
        DeliveryEngine engine,
        IDocumentSource spool,
        string? cursorDirectory,
        ILogger logger,
        StateDisk? disk = null,
        Action? acknowledged = null,
        long? resendFrom = null,
        int inFlight = 1,
        (int Documents, long Bytes)? batchLimits = null)
    {
        _engine = engine;
        _output = engine.Output;
        _disk = disk ?? StateDisk.Local;
        _acknowledged = acknowledged;
        _spool = spool;
        _logger = logger;
        _inFlight = inFlight;
        _batchLimits = batchLimits ?? _output.BatchLimits;
        long oldest = spool.OldestPosition, end = spool.CommittedPosition;
        _position = oldest;
        if (cursorDirectory is null)
        {
            return;
        }

        PrivateFiles.CreateDirectory(cursorDirectory);
        _cursorPath = Path.Combine(cursorDirectory, _output.Name + ".position");
        if (OutputPositionFile.Load(_cursorPath, oldest, end, out string? problem) is long saved)
        {
            _position = saved;
        }
        else
        {
            _position = Math.Clamp(resendFrom ?? oldest, oldest, end);
            if (_position < end)
            {
                LogResending(_logger, _output.Name, Path.GetFileName(_cursorPath), problem!, _position, end - _position);
            }
        }

        SavePosition();
    }

    public string Name => _output.Name;

    public IDocumentOutput Output => _output;

    /// <summary>Spool position up to which every document was acknowledged.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Failed delivery attempts since start (each one is retried), the output's own retries included.</summary>
    public long Errors => _output.Trouble.Failures;

    /// <summary>How long the oldest document this output has not acknowledged has been in the spool.</summary>
    public TimeSpan OldestUndelivered => Arrivals.OldestWaiting(Position);

    private SpoolArrivals Arrivals => LazyInitializer.EnsureInitialized(ref _arrivals, () => new SpoolArrivals(() => _spool.CommittedPosition));

    /// <summary>Asks the worker to stop once it has delivered everything committed so far.</summary>
    public void Drain() => _drain.Cancel();

    /// <param name="stop">Stops at once; the batches in flight are resent at the next start.</param>
    /// <exception cref="OutputFatalException">The output refused us for good, with a policy that stops on it (<c>ship</c>).</exception>
    public async Task RunAsync(CancellationToken stop)
    {
        using var sampling = Arrivals.Sample(TimeSpan.FromSeconds(1));
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var inFlight = new Queue<(Task Delivery, long Next)>();
        ReadBatch? next = null;
        long read = Position;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // The next committed batch is read and prepared at once, even while every slot is taken, so a freed
                // slot only sends bytes (IDocumentOutput.Prepare says why).
                if (next is null && read < _spool.CommittedPosition)
                {
                    next = Read(read);
                    read = next.Following;
                    continue;
                }

                if (inFlight.Count > 0 && (inFlight.Count >= _inFlight || inFlight.Peek().Delivery.IsCompleted || next is null))
                {
                    var (delivery, acknowledged) = inFlight.Dequeue();
                    await delivery.ConfigureAwait(false);
                    Acknowledge(acknowledged);
                    continue;
                }

                if (next is not null)
                {
                    inFlight.Enqueue((_engine.DeliverBatchAsync(next.Documents, next.Prepared, sending.Token), next.Following));
                    next = null;
                    continue;
                }

                if (_drain.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop, _drain.Token);
                    await _spool.WaitForDataAsync(read, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped or draining: the loop decides.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: what is in flight is resent at the next start.
        }
        finally
        {
            // A batch still in flight (after a failure, or when stopped) is abandoned, and waited for, so nothing of it runs afterwards.
            next?.Prepared?.Dispose();
            sending.Cancel();
            foreach (var (delivery, _) in inFlight)
            {
                try
                {
                    await delivery.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Its own outcome no longer matters: the first failure is the one reported.
                }
            }
        }
    }

    private ReadBatch Read(long position)
    {
        var (documents, following) = _spool.Read(position, _batchLimits.Documents, _batchLimits.Bytes);
        return new ReadBatch(documents, TryPrepare(documents), following);
    }

    /// <summary>What the output makes ahead is only a head start: when making it fails, the batch is sent without it,
    /// so the failure meets the engine's retries (and is reported there) like any other send's.</summary>
    private IPreparedBatch? TryPrepare(IReadOnlyList<OutgoingDocument> documents)
    {
        try
        {
            return _output.Prepare(documents);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private void Acknowledge(long next)
    {
        Interlocked.Exchange(ref _position, next);
        _output.Trouble.Delivered();
        SavePosition();
        _acknowledged?.Invoke();
    }

    /// <summary>Saves the position; when it cannot (a full disk), the output goes on and the next batch saves it: a
    /// crash meanwhile resends a little more, which Elasticsearch's ids absorb, but never loses a document.</summary>
    private void SavePosition()
    {
        if (_cursorPath is null)
        {
            return;
        }

        try
        {
            _disk.Replace(_cursorPath, OutputPositionFile.Encode(Position));
            if (_cursorUnsaved)
            {
                _cursorUnsaved = false;
                LogCursorSaved(_logger, _output.Name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_cursorUnsaved)
            {
                _cursorUnsaved = true;
                LogCursorNotSaved(_logger, _output.Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Output}: its position file outputs/{File} {Problem}; resending from spool position {From}, before which every output had acknowledged everything ({Bytes} spooled bytes sent again: Elasticsearch keeps one copy per id, HEC and files may receive duplicates)")]
    private static partial void LogResending(ILogger logger, string output, string file, string problem, long from, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Output}: cannot save its position ({Reason}); delivery goes on, and a restart before it is saved resends the last batches")]
    private static partial void LogCursorNotSaved(ILogger logger, string output, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Output}: its position is saved again")]
    private static partial void LogCursorSaved(ILogger logger, string output);

    /// <summary>A batch read from the spool, with what its output made of it ahead, and the spool position after it.</summary>
    private sealed record ReadBatch(IReadOnlyList<OutgoingDocument> Documents, IPreparedBatch? Prepared, long Following);
}

using Microsoft.Extensions.Logging;

namespace EsaBridge.Delivery.Spool;

/// <summary>
/// Feeds one output from the spool. Its position moves on, and is saved to disk, only once the output has
/// acknowledged (or dead-lettered) a batch, so a crash resends at most the batch in flight, never loses one.
/// An output that keeps failing is retried with backoff for as long as it takes: the spool holds the documents.
/// That includes refused credentials, so that a fixed key or token resumes delivery without a restart; every failure
/// goes to the output's <see cref="DeliveryTrouble"/>, which the service logs (rate-limited) and shows in <c>/health</c>.
/// </summary>
internal sealed partial class OutputWorker
{
    private readonly IDocumentOutput _output;
    private readonly DocumentSpool _spool;
    private readonly string _cursorPath;
    private readonly ILogger _logger;
    private readonly FullJitterBackoff _backoff;
    private readonly CancellationTokenSource _drain = new();
    private readonly StateDisk _disk;
    private readonly Action? _acknowledged;
    private SpoolArrivals? _arrivals;
    private long _position;
    private bool _cursorUnsaved;

    /// <param name="acknowledged">Called after each acknowledged batch (the service frees spool segments then).</param>
    /// <param name="resendFrom">
    /// Where the output starts when its position file is missing or damaged: a spool position every output had passed
    /// (the acknowledged checkpoint's); the spool's oldest when not given.
    /// </param>
    public OutputWorker(
        IDocumentOutput output,
        DocumentSpool spool,
        string cursorDirectory,
        ILogger logger,
        StateDisk? disk = null,
        Action? acknowledged = null,
        FullJitterBackoff? backoff = null,
        long? resendFrom = null)
    {
        _output = output;
        _disk = disk ?? StateDisk.Local;
        _acknowledged = acknowledged;
        _spool = spool;
        _logger = logger;
        _backoff = backoff ?? new FullJitterBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        PrivateFiles.CreateDirectory(cursorDirectory);
        _cursorPath = Path.Combine(cursorDirectory, output.Name + ".position");
        long oldest = spool.OldestPosition, end = spool.CommittedPosition;
        if (OutputPositionFile.Load(_cursorPath, oldest, end, out string? problem) is long saved)
        {
            _position = saved;
        }
        else
        {
            _position = Math.Clamp(resendFrom ?? oldest, oldest, end);
            if (_position < end)
            {
                LogResending(_logger, output.Name, Path.GetFileName(_cursorPath), problem!, _position, end - _position);
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

    /// <param name="stop">Stops at once; the batch in flight is resent at the next start.</param>
    public async Task RunAsync(CancellationToken stop)
    {
        using var sampling = Arrivals.Sample(TimeSpan.FromSeconds(1));
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            long position = Position;
            if (position >= _spool.CommittedPosition)
            {
                if (_drain.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop, _drain.Token);
                    await _spool.WaitForDataAsync(position, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped or draining: the loop decides.
                }

                continue;
            }

            var (documents, next) = _spool.Read(position, _output.BatchLimits.Documents, _output.BatchLimits.Bytes);
            try
            {
                await _output.DeliverAsync(documents, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OutputFatalException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
            {
                var delay = _backoff.Delay(failures++);
                Report(e, documents.Count, delay);
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            failures = 0;
            Interlocked.Exchange(ref _position, next);
            _output.Trouble.Delivered();
            SavePosition();
            _acknowledged?.Invoke();
        }
    }

    private void Report(Exception e, int documents, TimeSpan delay)
    {
        string next = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{documents} documents stay in the spool, next try in {delay.TotalSeconds:0.0} s");
        switch (e)
        {
            case OutputFatalException { Authentication: true }:
                _output.Trouble.Refused("authentication refused", $"authentication refused: {e.Message}", next + " (fix the credentials: delivery resumes by itself)");
                break;
            case OutputFatalException:
                _output.Trouble.Refused("refused", e.Message, next);
                break;
            default:
                _output.Trouble.Retrying(e.GetType().Name, e.Message, next);
                break;
        }
    }

    /// <summary>
    /// Saves the position; when it cannot (a full disk), the output goes on and the next batch saves it: a crash
    /// meanwhile resends a little more, which Elasticsearch's ids absorb, but never loses a document.
    /// </summary>
    private void SavePosition()
    {
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
}

using EsaBridge.Checkpoints;
using EsaBridge.Cli;
using EsaBridge.Delivery;
using EsaBridge.Inputs;
using EsaBridge.Inputs.Syslog;
using EsaBridge.Outputs;
using EsaBridge.Outputs.File;
using EsaBridge.Pipeline;
using EsaBridge.Spool;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>The service's life: at start, take the state directory, cut the spool back to the last checkpoint, and
/// start the outputs, the listeners and the reading thread; at stop, stop reading, commit, give the outputs what is
/// left of the shutdown budget to deliver what is spooled, and leave the rest spooled for the next start.</summary>
internal sealed partial class RunService(RunSettings settings, ConsoleStreams io, ILogger<RunService> logger, IHostApplicationLifetime lifetime)
    : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan DrainBudget = TimeSpan.FromSeconds(7);

    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _stopOutputs = new();
    private readonly List<OutputWorker> _workers = [];
    private readonly List<Task> _workerTasks = [];
    private readonly List<TroubleLog> _troubleLogs = [];
    private FileStream? _lock;
    private DocumentSpool? _spool;
    private DeadLetterFile? _deadLetters;
    private IngestLoop? _ingest;
    private Thread? _ingestThread;
    private StatusReporter? _status;
    private MetricsServer? _metrics;
    private SyslogSources? _syslog;
    private Exception? _failure;
    private volatile bool _commitFailed;
    private int _disposed;


    /// <summary>Why reading stopped early, if it did: the exit code is then non-zero.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public IngestLoop? Ingest => _ingest;

    public IReadOnlyList<OutputWorker> Workers => _workers;

    public SyslogSources? Syslog => _syslog;

    public TimeSpan DegradedAfter => settings.DegradedAfter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = StateDirectoryLock.Take(settings.StateDirectory);
        if (StateFileModes.Tighten(settings.StateDirectory, settings.DeadLetterPath) is > 0 and int tightened)
        {
            LogTightened(logger, tightened);
        }

        RestartPoint restart;
        AlreadySpooled? alreadySpooled = null;
        Checkpoint? acknowledged;
        try
        {
            acknowledged = Checkpoint.Load(Checkpoint.AcknowledgedPath(settings.StateDirectory));
            var spooled = Checkpoint.Load(Checkpoint.SpooledPath(settings.StateDirectory));
            _spool = new DocumentSpool(Path.Combine(settings.StateDirectory, "spool"), settings.SpoolSegmentBytes, settings.Disk);
            restart = RestartPoint.Choose(acknowledged, spooled, settings.Files, _spool.OldestPosition);
            if (restart.TruncateTo is long position)
            {
                _spool.TruncateTo(position);
            }

            if (restart.RereadFrom is long from)
            {
                var found = AlreadySpooled.Read(_spool, from, out long? damagedAt);
                if (damagedAt is long damaged)
                {
                    // Everything after the restart point is made again from the inputs: the damaged part is not needed.
                    _spool.TruncateTo(damaged);
                    LogSpoolDamaged(logger, damaged);
                }

                alreadySpooled = found.Remaining > 0 ? found : null;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException(e.Message);
        }

        _deadLetters = new DeadLetterFile(settings.DeadLetterPath);
        var (outputs, startChecks) = CreateOutputs();
        foreach (var (output, policy) in outputs)
        {
            _troubleLogs.Add(new TroubleLog(
                output.Trouble, output.Name, (kind, line) => LogTrouble(output.Name, kind, line), settings.TroubleLogInterval, settings.DeadLetterPath));
            _workers.Add(new OutputWorker(
                new DeliveryEngine(output, policy, _deadLetters), _spool, Path.Combine(settings.StateDirectory, "outputs"), logger, settings.Disk, () => _ingest?.OutputsMoved(),
                resendFrom: acknowledged?.SpoolPosition ?? _spool.OldestPosition));
        }

        if (settings.Metrics is string metrics)
        {
            _metrics = MetricsServer.Start(metrics, this);
        }

        _syslog = SyslogSources.Start(settings, logger, _stopReading.Token);
        try
        {
            _ingest = new IngestLoop(
                settings, _spool, restart, alreadySpooled, _syslog.Count > 0 ? _syslog.Reader : null, OldestUnacknowledged, logger, _stopReading.Token,
                CommitFailed);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InputException($"checkpoint in '{settings.StateDirectory}' cannot be restored ({e.Message}); move it away to start over from the inputs' beginning");
        }

        _workerTasks.AddRange(_workers.Select(worker => Task.Run(() => DeliverAsync(worker))));

        foreach (var (name, check) in startChecks)
        {
            _ = Task.Run(() => CheckAtStartAsync(name, check));
        }

        _ingestThread = new Thread(ReadLoop) { Name = "esabridge-ingest", IsBackground = true };
        _ingestThread.Start();
        _status = new StatusReporter(this, settings.StatusInterval, logger);

        LogStarted(logger, settings.Files.Count, settings.SyslogUdp.Count + settings.SyslogTcp.Count, string.Join(", ", _workers.Select(w => w.Name)),
            restart.Fallback is not null ? "from the last spooled checkpoint"
            : restart.From is null ? "from the beginning of every input" : "from the checkpoint every output acknowledged");
        if (restart.Fallback is string why)
        {
            LogFallback(logger, why);
        }

        if (alreadySpooled is not null)
        {
            LogRereading(logger, alreadySpooled.Remaining);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopReading.Cancel();
        _ingestThread?.Join();
        if (_syslog is not null)
        {
            await _syslog.DisposeAsync().ConfigureAwait(false);
        }

        _workers.ForEach(worker => worker.Drain());

        var drained = Task.WhenAll(_workerTasks);
        if (await Task.WhenAny(drained, Task.Delay(DrainBudget, cancellationToken)).ConfigureAwait(false) != drained)
        {
            LogDrainTimeout(logger, _workers.Sum(w => _spool!.CommittedPosition - w.Position));
        }

        _stopOutputs.Cancel();
        await Task.WhenAll(_workerTasks).ConfigureAwait(false);
        _status?.Dispose();
        _metrics?.Dispose();
        _troubleLogs.ForEach(log => log.Dispose());

        bool acknowledgedSaved = _ingest?.SaveAcknowledged() ?? false;
        long lines = _ingest?.Counters.LinesRead ?? 0, documents = _ingest?.Counters.Documents ?? 0;
        if (acknowledgedSaved && _ingest!.Checkpointed)
        {
            LogStopped(logger, lines, documents);
        }
        else
        {
            LogStoppedUncheckpointed(logger, lines, documents);
        }

        if (DeadLetterFile.CountIn(settings.DeadLetterPath) is > 0 and long total)
        {
            LogDeadLetters(logger, _deadLetters?.Count ?? 0, Path.GetFullPath(settings.DeadLetterPath), total);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var worker in _workers)
        {
            await worker.Output.DisposeAsync().ConfigureAwait(false);
        }

        _ingest?.Dispose();
        _spool?.Dispose();
        _deadLetters?.Dispose();
        _lock?.Dispose();
        _stopReading.Dispose();
        _stopOutputs.Dispose();
    }


    public long OldestUnacknowledged() => _workers.Count == 0 ? _spool!.CommittedPosition : _workers.Min(w => w.Position);

    /// <returns>The outputs, and the checks of their servers, run once the service has started: a server that is down,
    /// busy or refuses us at start is only logged, since its documents are spooled and retried like in any outage (a
    /// service that stopped for it would lose syslog, and a restart loop would not bring the server back).</returns>
    /// <summary>The outputs with <c>run</c>'s delivery policy: transient failures retried for <c>--retry-for</c> (for
    /// ever by default), refusals for as long as they last.</summary>
    private (List<(IDocumentOutput Output, DeliveryPolicy Policy)> Outputs, List<(string Name, Func<CancellationToken, Task<OutputFatalException?>> Check)> Checks) CreateOutputs()
    {
        var outputs = new List<(IDocumentOutput, DeliveryPolicy)>();
        var checks = new List<(string, Func<CancellationToken, Task<OutputFatalException?>>)>();
        foreach (var configured in settings.NetworkOutputs)
        {
            var output = configured.Create(io.Error);
            outputs.Add((output, configured.Policy(keepTryingRefused: true)));
            checks.Add((output.Name, cancellation => configured.CheckAsync(output, TimeSpan.Zero, cancellation)));
        }

        if (settings.OutputFile is string path)
        {
            outputs.Add((new RotatingFileOutput(path, settings.OutputFileMaxBytes, settings.OutputFileKeep), LocalPolicy));
        }

        if (outputs.Count == 0)
        {
            outputs.Add((new StreamOutput(io.StandardOutput()), LocalPolicy));
        }

        return (outputs, checks);
    }

    /// <summary>A file or standard output: a failed write (a full disk) is tried again until it succeeds.</summary>
    private static DeliveryPolicy LocalPolicy => new(TimeSpan.FromDays(365 * 100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), KeepTryingRefused: true);

    private async Task CheckAtStartAsync(string output, Func<CancellationToken, Task<OutputFatalException?>> check)
    {
        try
        {
            if (await check(_stopOutputs.Token).ConfigureAwait(false) is { } problem)
            {
                LogOutputDownAtStart(logger, output, problem.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped before the server answered.
        }
    }

    private void LogTrouble(string output, TroubleKind kind, string line)
    {
        switch (kind)
        {
            case TroubleKind.Refused:
                LogOutputRefused(logger, output, line);
                break;
            case TroubleKind.Recovered:
                LogOutputRecovered(logger, output, line);
                break;
            default:
                LogOutputFailing(logger, output, line);
                break;
        }
    }

    /// <summary>Runs an output's worker; one that fails for a reason it cannot retry (a damaged spool) stops the service.</summary>
    private async Task DeliverAsync(OutputWorker worker)
    {
        try
        {
            await worker.RunAsync(_stopOutputs.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(e);
            LogOutputFailed(logger, worker.Name, e.Message, e);
        }
    }

    /// <summary>A checkpoint could not be saved: nothing read from now on could be committed, so stop at once, visibly.</summary>
    private void CommitFailed(Exception e)
    {
        _commitFailed = true;
        Fail(e);
        LogCommitFailed(logger, e.Message, e);
    }

    /// <summary>Records the first failure (the exit code's reason) and stops the service (exit 1).</summary>
    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        lifetime.StopApplication();
    }

    private void ReadLoop()
    {
        try
        {
            _ingest!.Run();
        }
        catch (Exception e)
        {
            Fail(e);
            if (!_commitFailed)
            {
                LogIngestFailed(logger, e.Message, e); // after a failed commit, reading only stops on it again: said already
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "state: {Count} files and folders of the state directory were readable by other users (made by an older version); they are 0600 and 0700 now")]
    private static partial void LogTightened(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "started: {Files} file inputs, {Listeners} syslog listeners, outputs {Outputs}, reading {From}")]
    private static partial void LogStarted(ILogger logger, int files, int listeners, string outputs, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "shutdown: {Bytes} spooled bytes not delivered in time; they are sent at the next start")]
    private static partial void LogDrainTimeout(ILogger logger, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped: {Lines} lines read, {Documents} documents made in this run; state checkpointed")]
    private static partial void LogStopped(ILogger logger, long lines, long documents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopped: {Lines} lines read, {Documents} documents made in this run; the last checkpoint could not be saved, so the next start reads again from the one before")]
    private static partial void LogStoppedUncheckpointed(ILogger logger, long lines, long documents);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}; stopping now (exit 1): nothing read from here on could be committed, and the next start reads again from the last checkpoint saved")]
    private static partial void LogCommitFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dead letters: {ThisRun} in this run; {Path} holds {Total} in total, with their reasons (once fixed, and with the service stopped, send them again: esabridge resend FILE with the same output flags)")]
    private static partial void LogDeadLetters(ILogger logger, long thisRun, string path, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "restart: not from the checkpoint every output acknowledged, because {Reason}; from the last spooled checkpoint instead (every document made before it is in the spool)")]
    private static partial void LogFallback(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "restart: the inputs are read again from where every output had acknowledged everything; the {Count} documents spooled since are not spooled twice")]
    private static partial void LogRereading(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "restart: the spool is damaged at position {Position}; it is cut there, and what followed is made again from the inputs")]
    private static partial void LogSpoolDamaged(ILogger logger, long position);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Output}: delivery stopped ({Reason}); stopping, so that a restart can recover")]
    private static partial void LogOutputFailed(ILogger logger, string output, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Output}: at start: {Reason}; the service runs on: its documents are spooled and sent once it answers")]
    private static partial void LogOutputDownAtStart(ILogger logger, string output, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Output}: {Line}")]
    private static partial void LogOutputFailing(ILogger logger, string output, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Output}: {Line}")]
    private static partial void LogOutputRefused(ILogger logger, string output, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Output}: {Line}")]
    private static partial void LogOutputRecovered(ILogger logger, string output, string line);

    [LoggerMessage(Level = LogLevel.Critical, Message = "reading stopped: {Reason}")]
    private static partial void LogIngestFailed(ILogger logger, string reason, Exception exception);
}

using EsaBridge.Cli;
using EsaBridge.Delivery;
using EsaBridge.Delivery.Spool;
using EsaBridge.Inputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.File;
using EsaBridge.Outputs.Splunk;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>
/// The service's life: at start, take the state directory, cut the spool back to the last checkpoint, and start
/// the outputs, the listeners and the reading thread; at stop, stop reading, commit, give the outputs what is
/// left of the shutdown budget to deliver what is spooled, and leave the rest spooled for the next start.
/// </summary>
internal sealed partial class RunService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan DrainBudget = TimeSpan.FromSeconds(7);

    private readonly RunSettings _settings;
    private readonly ConsoleStreams _io;
    private readonly ILogger _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _stopOutputs = new();
    private readonly List<Task> _workerTasks = [];
    private FileStream? _lock;
    private DocumentSpool? _spool;
    private DeadLetterFile? _deadLetters;
    private IngestLoop? _ingest;
    private Thread? _ingestThread;
    private volatile OutputWorker[]? _workers;
    private StatusReporter? _status;
    private MetricsServer? _metrics;
    private SyslogSources? _syslog;
    private volatile Exception? _ingestFailure;
    private int _disposed;

    public RunService(RunSettings settings, ConsoleStreams io, ILogger<RunService> logger, IHostApplicationLifetime lifetime)
    {
        _settings = settings;
        _io = io;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>Why reading stopped early, if it did: the exit code is then non-zero.</summary>
    public Exception? Failure => _ingestFailure;

    public IngestLoop? Ingest => _ingest;

    public IReadOnlyList<OutputWorker> Workers => _workers ?? [];

    public SyslogSources? Syslog => _syslog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_settings.StateDirectory);
            _lock = new FileStream(Path.Combine(_settings.StateDirectory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--state-dir '{_settings.StateDirectory}': cannot take it ({e.Message}); is another esabridge running on it?");
        }

        Checkpoint? checkpoint;
        try
        {
            checkpoint = Checkpoint.Load(_settings.StateDirectory);
            _spool = new DocumentSpool(Path.Combine(_settings.StateDirectory, "spool"), _settings.SpoolSegmentBytes, _settings.Disk);
            if (checkpoint is not null)
            {
                _spool.TruncateTo(checkpoint.SpoolPosition);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException(e.Message);
        }

        _deadLetters = new DeadLetterFile(_settings.DeadLetterPath);
        _syslog = SyslogSources.Start(_settings, _stopReading.Token);
        try
        {
            _ingest = new IngestLoop(_settings, _spool, checkpoint, _syslog.Count > 0 ? _syslog.Reader : null, OldestUnacknowledged, _logger, _stopReading.Token);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InputException($"checkpoint in '{_settings.StateDirectory}' cannot be restored ({e.Message}); move it away to start over from the inputs' beginning");
        }

        // Reading starts while the outputs connect (they only ever read committed documents from the spool). Until
        // they exist, the spool's depth is counted from its oldest kept byte (never less than the truth). An output
        // with no saved position (a new one) is given one first, where the spool ends now: so it gets everything
        // read while it connects, in this run or, if it cannot start now, in the next.
        var plan = PlanOutputs();
        string cursors = Path.Combine(_settings.StateDirectory, "outputs");
        long spoolEndAtStart = _spool.CommittedPosition;
        foreach (var (name, _) in plan)
        {
            OutputWorker.ClaimStart(cursors, name, spoolEndAtStart, _settings.Disk);
        }

        _ingestThread = new Thread(ReadLoop) { Name = "esabridge-ingest", IsBackground = true };
        _ingestThread.Start();
        try
        {
            var workers = new List<OutputWorker>();
            foreach (var (_, start) in plan)
            {
                var output = await start(cancellationToken).ConfigureAwait(false);
                workers.Add(new OutputWorker(output, _spool, cursors, _logger, _settings.Disk, ReleaseDelivered, startWithoutCursor: spoolEndAtStart));
            }

            _workers = [.. workers];
            if (_settings.Metrics is string metrics)
            {
                _metrics = MetricsServer.Start(metrics, this);
            }
        }
        catch
        {
            _stopReading.Cancel();
            _ingestThread.Join();
            throw;
        }

        foreach (var worker in _workers)
        {
            _workerTasks.Add(Task.Run(() => worker.RunAsync(_stopOutputs.Token)));
        }

        _status = new StatusReporter(this, _settings.StatusInterval, _logger);

        LogStarted(_logger, _settings.Files.Count, _settings.SyslogUdp.Count + _settings.SyslogTcp.Count, string.Join(", ", Workers.Select(w => w.Name)),
            checkpoint is null ? "from the beginning of every input" : "from the last checkpoint");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopReading.Cancel();
        _ingestThread?.Join();
        if (_syslog is not null)
        {
            await _syslog.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var worker in Workers)
        {
            worker.Drain();
        }

        var drained = Task.WhenAll(_workerTasks);
        if (await Task.WhenAny(drained, Task.Delay(DrainBudget, cancellationToken)).ConfigureAwait(false) != drained)
        {
            LogDrainTimeout(_logger, Workers.Sum(w => _spool!.CommittedPosition - w.Position));
        }

        _stopOutputs.Cancel();
        await Task.WhenAll(_workerTasks).ConfigureAwait(false);
        _status?.Dispose();
        _metrics?.Dispose();
        _spool?.ReleaseBefore(OldestUnacknowledged());
        LogStopped(_logger, _ingest?.Counters.LinesRead ?? 0, _ingest?.Counters.Documents ?? 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var worker in Workers)
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

    /// <summary>Deletes the spool segments every output has acknowledged, so a long run's spool holds only what is owed.</summary>
    private void ReleaseDelivered()
    {
        try
        {
            _spool!.ReleaseBefore(OldestUnacknowledged());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogReleaseFailed(_logger, e.Message); // tried again after the next acknowledged batch
        }
    }

    public long OldestUnacknowledged() => _workers switch
    {
        null => _spool!.OldestPosition,
        [] => _spool!.CommittedPosition,
        var workers => workers.Min(w => w.Position),
    };

    /// <summary>The configured outputs, each named, with what starts it (connecting, for HEC, to its health check).</summary>
    private List<(string Name, Func<CancellationToken, Task<IDocumentOutput>> Start)> PlanOutputs()
    {
        var plan = new List<(string Name, Func<CancellationToken, Task<IDocumentOutput>> Start)>();
        if (_settings.Elasticsearch is ElasticsearchSettings elasticsearch)
        {
            plan.Add((ElasticsearchOutput.OutputName, _ => Task.FromResult<IDocumentOutput>(new ElasticsearchOutput(elasticsearch, _deadLetters!))));
        }

        if (_settings.Hec is HecSettings hec)
        {
            plan.Add((HecOutput.OutputName, async cancellation =>
            {
                try
                {
                    return await HecOutput.StartAsync(hec, _deadLetters!, _io.Error, cancellation).ConfigureAwait(false);
                }
                catch (OutputFatalException e)
                {
                    throw new InputException(e.Message);
                }
            }
            ));
        }

        if (_settings.OutputFile is string path)
        {
            plan.Add((RotatingFileOutput.OutputName, _ => Task.FromResult<IDocumentOutput>(new RotatingFileOutput(path, _settings.OutputFileMaxBytes, _settings.OutputFileKeep))));
        }

        if (plan.Count == 0)
        {
            plan.Add((StreamOutput.StandardOutputName, _ => Task.FromResult<IDocumentOutput>(new StreamOutput(_io.StandardOutput()))));
        }

        return plan;
    }

    private void ReadLoop()
    {
        try
        {
            _ingest!.Run();
        }
        catch (Exception e)
        {
            _ingestFailure = e;
            LogIngestFailed(_logger, e.Message, e);
            _lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "started: {Files} file inputs, {Listeners} syslog listeners, outputs {Outputs}, reading {From}")]
    private static partial void LogStarted(ILogger logger, int files, int listeners, string outputs, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "shutdown: {Bytes} spooled bytes not delivered in time; they are sent at the next start")]
    private static partial void LogDrainTimeout(ILogger logger, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped: {Lines} lines read, {Documents} documents made in this run; state checkpointed")]
    private static partial void LogStopped(ILogger logger, long lines, long documents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "spool: cannot delete a delivered segment ({Reason}); trying again later")]
    private static partial void LogReleaseFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "reading stopped: {Reason}")]
    private static partial void LogIngestFailed(ILogger logger, string reason, Exception exception);
}

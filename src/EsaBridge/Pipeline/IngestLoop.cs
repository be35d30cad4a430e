using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using EsaBridge.Checkpoints;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs.Syslog;
using EsaBridge.Inputs.Tailing;
using EsaBridge.Service;
using EsaBridge.Spool;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging;
using MailLogParser = EsaBridge.Core.Parsing.MailLogParser;

namespace EsaBridge.Pipeline;

/// <summary>The one thread that reads: lines from tailed files and syslog go through the pipeline, documents into the
/// spool, and every <see cref="RunSettings.CommitInterval"/> the spool, the read positions and the open sessions are
/// committed together, so a restart resumes exactly where the last commit stood. When the spool is full, reading pauses
/// until outputs catch up (back-pressure, never a drop).</summary>
internal sealed partial class IngestLoop : ITailSink, IDisposable
{
    private const long MaxBytesPerPoll = 4 << 20;

    /// <summary>While a backlog is read, commits come less often: fewer, larger syncs, the same guarantees.</summary>
    private static readonly TimeSpan CatchUpCommitInterval = TimeSpan.FromSeconds(2);

    private readonly RunSettings _settings;
    private readonly DocumentSpool _spool;
    private readonly Func<long> _oldestUnacknowledged;
    private readonly ILogger _logger;
    private readonly FileTailer _tailer;
    private readonly ChannelReader<SyslogMessage>? _syslog;
    private readonly SpoolWriter _writer;
    private readonly ParsingStage _feed;
    private readonly CheckpointCommitter _committer;
    private readonly SessionJournal _journal;
    private readonly EvictionLog _evictions;
    private readonly CancellationToken _stop;
    private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
    private readonly long _rereadFrom;
    private readonly List<FileCheckpoint>? _catchUpTo;
    private AlreadySpooled? _alreadySpooled;
    private Task<bool>? _syslogWait;
    private long _syslogMessages;
    private bool _dirty;
    private bool _catchingUp;
    private bool _filesIdle;

    public IngestLoop(
        RunSettings settings,
        DocumentSpool spool,
        RestartPoint restart,
        AlreadySpooled? alreadySpooled,
        ChannelReader<SyslogMessage>? syslog,
        Func<long> oldestUnacknowledged,
        ILogger logger,
        CancellationToken stop,
        Action<Exception>? commitFailed = null)
    {
        _stop = stop;
        _settings = settings;
        _spool = spool;
        _syslog = syslog;
        _oldestUnacknowledged = oldestUnacknowledged;
        _logger = logger;
        _alreadySpooled = alreadySpooled;
        _rereadFrom = restart.RereadFrom ?? 0;
        _catchUpTo = restart.CatchUpTo?.Files();
        _writer = new SpoolWriter(spool, alreadySpooled, logger, stop);
        _journal = new SessionJournal(settings.StateDirectory, settings.Disk, logger, stop);
        _committer = new CheckpointCommitter(
            spool, settings.StateDirectory, settings.Disk, oldestUnacknowledged, logger, stop, commitFailed, _journal);
        Sessionizer = new Sessionizer(settings.SessionizerOptions, _writer.Documents);
        _feed = new ParsingStage(new MailLogParser(settings.Parser), Sessionizer, settings.Parser.MaxLineBytes);
        _evictions = new EvictionLog(settings.SessionizerOptions, logger);
        var files = new List<FileCheckpoint>();
        if (restart.From is { } checkpoint)
        {
            files = checkpoint.Files();
            SessionJournal.Restore(checkpoint.SessionState, Sessionizer, settings.StateDirectory);
            _syslogMessages = checkpoint.SyslogMessages;
        }

        _tailer = new FileTailer(
            [.. settings.Files.Select(f => new TailInput(f.Glob, f.Host))],
            new TailerOptions { PollInterval = settings.PollInterval, MaxLineBytes = settings.Parser.MaxLineBytes },
            files);
    }

    /// <summary>The sessionizer, fed on a thread of its own: read its counters from anywhere, its state only after a drain.</summary>
    public Sessionizer Sessionizer { get; }

    public PipelineCounters Counters => Sessionizer.Counters;

    /// <summary>True once reading stopped and its last checkpoint is on disk (not when a full disk or an error kept it off).</summary>
    public bool Checkpointed { get; private set; }


    /// <summary>True while reading waits for outputs to make room in the spool.</summary>
    public bool Paused { get; private set; }

    /// <summary>True while reading waits for room on the disk that holds the state directory.</summary>
    public bool WaitingForDisk => _writer.WaitingForDisk || _committer.WaitingForDisk;

    public long SpoolDepthBytes => Math.Max(0, _spool.CommittedPosition - _oldestUnacknowledged());

    /// <summary>Reads until stopped, then commits.</summary>
    /// <exception cref="IOException">The state directory cannot be written (a full disk is waited out, not thrown).</exception>
    public void Run()
    {
        try
        {
            ReadUntilStopped(_stop);
        }
        catch (DiskFullStopException) when (_stop.IsCancellationRequested)
        {
            // Stopped while the disk was full: the last checkpoint stands (the writer said so in the log).
        }
    }

    private void ReadUntilStopped(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (SpoolDepthBytes >= _settings.SpoolMaxBytes)
            {
                CommitIfDirty(force: true);
                if (!Paused)
                {
                    LogSpoolFull(_logger, _settings.SpoolMaxBytes);
                }

                Paused = true;
                stop.WaitHandle.WaitOne(_settings.PollInterval);
                continue;
            }

            if (Paused)
            {
                LogResumed(_logger);
                Paused = false;
            }

            int read = _tailer.Poll(this, MaxBytesPerPoll);
            _filesIdle = read == 0;
            read += DrainSyslog();
            _dirty |= read > 0;
            if (read > 0)
            {
                _feed.Hand(); // sessionized now, not at the next commit: documents and counters keep up
            }

            _catchingUp = read >= MaxBytesPerPoll / 2;
            CommitIfDirty(force: false);
            if (read == 0)
            {
                WaitForInput(stop);
            }
        }

        // Committed even when nothing was read since the last commit: the state directory may have gone or turned
        // read-only meanwhile, and "state checkpointed" must only be said of a checkpoint that is on disk now.
        Submit();
        _committer.WaitIdle();
        Checkpointed = true;
    }

    public void Lines(TailedFileInfo file, ReadOnlySpan<byte> lines)
    {
        // Syslog messages switch the source between chunks, so it is named for every chunk.
        _feed.SetSource(file.Host, file.Path);
        _feed.AddLines(lines);
    }

    public void Oversized(TailedFileInfo file) => _feed.AddOversized();

    public void Problem(string path, string message) => LogInputProblem(_logger, path, message);

    public void OutputsMoved() => _committer.OutputsMoved();

    /// <summary>At shutdown, once outputs stopped: saves the acknowledged checkpoint for what they delivered.</summary>
    /// <returns>False when it could not (already reported when it happened): the last acknowledged checkpoint stands.</returns>
    public bool SaveAcknowledged()
    {
        _committer.OutputsMoved();
        try
        {
            _committer.WaitIdle();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }


    private void CommitIfDirty(bool force)
    {
        var interval = _catchingUp ? CatchUpCommitInterval : _settings.CommitInterval;
        if (_dirty && (force || _sinceCommit.Elapsed >= interval))
        {
            Submit();
        }
    }

    /// <summary>Hands every document so far to the operating system and commits the state that goes with them.</summary>
    private void Submit()
    {
        // In this order: once every line read is sessionized, the sessionizing thread is idle until the next line,
        // so the documents it wrote can be flushed and its state read from this thread.
        _feed.Drain();
        long position = _writer.Drain();
        _evictions.Report(Counters);
        byte[] sessions = _journal.Commit(Sessionizer);
        var files = _tailer.Checkpoints();
        byte[] inputs = JsonSerializer.SerializeToUtf8Bytes([.. files], TailerJsonContext.Default.ListFileCheckpoint);
        _dirty = false;
        _sinceCommit.Restart();

        // While reading again what the spool holds, a restart from here must still find those documents in the spool.
        bool rereading = _alreadySpooled is not null && !RereadEnded(files);
        _committer.Submit(new Checkpoint(rereading ? _rereadFrom : position, inputs, sessions, _syslogMessages), spooled: !rereading);
    }

    /// <summary>Ends reading again once nothing is left to find, reading has passed where it stood before, or the files are read to their end.</summary>
    private bool RereadEnded(IReadOnlyList<FileCheckpoint> files)
    {
        var spooled = _alreadySpooled!;
        if (spooled.Remaining > 0 && !_filesIdle && !Passed(files, _catchUpTo))
        {
            return false;
        }

        LogRereadEnded(_logger, spooled.Dropped, spooled.Remaining);
        spooled.Clear();
        _alreadySpooled = null;
        return true;
    }

    private static bool Passed(IReadOnlyList<FileCheckpoint> files, List<FileCheckpoint>? before) =>
        before is not null && before.All(b => files.Any(f => f.Fingerprint == b.Fingerprint && (f.Done || (!b.Done && f.Offset >= b.Offset))));

    private int DrainSyslog()
    {
        int read = 0;
        if (_syslog is not null)
        {
            _feed.SetSource(null, null);
            while (read < 10_000 && _syslog.TryRead(out var message))
            {
                if (message.Oversized)
                {
                    _feed.AddOversized();
                }
                else
                {
                    _feed.Add(message.Span);
                }

                read++;
            }

            _syslogMessages += read;
        }

        return read;
    }

    private void WaitForInput(CancellationToken stop)
    {
        if (_syslog is null)
        {
            stop.WaitHandle.WaitOne(_settings.PollInterval);
            return;
        }

        if (_syslogWait is not { IsCompleted: false })
        {
            _syslogWait = _syslog.WaitToReadAsync(stop).AsTask();
        }

        try
        {
            _syslogWait.Wait((int)_settings.PollInterval.TotalMilliseconds, stop);
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException)
        {
            // Stopping: the loop ends.
        }
    }

    public void Dispose()
    {
        _feed.Dispose();
        _writer.Dispose();
        _committer.Dispose();
        _journal.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "spool full ({MaxBytes} bytes): reading paused until outputs catch up")]
    private static partial void LogSpoolFull(ILogger logger, long maxBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "spool has room again: reading resumed")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "restart: read again up to where reading stood; {Dropped} documents made again were already in the spool and were not spooled twice, {Left} spooled documents were not made again")]
    private static partial void LogRereadEnded(ILogger logger, long dropped, int left);

    [LoggerMessage(Level = LogLevel.Warning, Message = "input {Path}: {Message}")]
    private static partial void LogInputProblem(ILogger logger, string path, string message);
}

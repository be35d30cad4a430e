using EsaBridge.Spool;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Checkpoints;

/// <summary>Finishes commits on a thread of its own. For each checkpoint: syncs the spool to disk; saves it as the spooled
/// checkpoint and lets outputs read the new documents; keeps it as a candidate until every output has acknowledged the
/// documents before its spool position, and then saves it as the acknowledged checkpoint (the one a restart reads from) and
/// frees the spool segments before it. Reading goes on meanwhile, so waiting for the disk costs no reading time; when
/// commits come faster than the disk, only the newest pending one is kept (it covers the older ones). A checkpoint that
/// finds the disk full is tried again every second, the old one standing meanwhile; a failed sync of the spool is not
/// retried (the kernel may have dropped the pages it could not write) and stops reading.</summary>
internal sealed partial class CheckpointCommitter : IDisposable
{
    /// <summary>Candidates kept while outputs lag; past this, every other older one is dropped (the restart then reads a little more again).</summary>
    private const int MaxCandidates = 16;

    private readonly DocumentSpool _spool;
    private readonly string _stateDirectory;
    private readonly StateDisk _disk;
    private readonly Func<long> _oldestUnacknowledged;
    private readonly SessionJournal? _journal;
    private readonly ILogger _logger;
    private readonly DiskFullRetry _diskFull;
    private readonly Action<Exception>? _failed;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly List<Checkpoint> _candidates = []; // the committer thread's only
    private Submitted? _pending;
    private bool _outputsMoved;
    private bool _busy;
    private bool _stopping;
    private Exception? _failure;
    private Submitted? _saving;

    /// <param name="oldestUnacknowledged">The spool position before which every output acknowledged every document.</param>
    /// <param name="stop">While the disk is full, stopping gives up the checkpoint (the last one stands).</param>
    /// <param name="failed">Called once, on the committer's thread, when a checkpoint cannot be saved for a reason other
    /// than a full disk: the service must stop at once rather than let reading go on with nothing committed.</param>
    /// <param name="journal">Where checkpoints keep the open sessions: synced with the spool, its old generations freed.</param>
    public CheckpointCommitter(
        DocumentSpool spool,
        string stateDirectory,
        StateDisk disk,
        Func<long> oldestUnacknowledged,
        ILogger logger,
        CancellationToken stop,
        Action<Exception>? failed = null,
        SessionJournal? journal = null)
    {
        _failed = failed;
        _journal = journal;
        _spool = spool;
        _stateDirectory = stateDirectory;
        _disk = disk;
        _oldestUnacknowledged = oldestUnacknowledged;
        _logger = logger;
        _diskFull = new DiskFullRetry("checkpoint", "the last checkpoint stands", string.Empty, logger, stop);
        _thread = new Thread(CommitLoop) { IsBackground = true, Name = "esabridge-commit" };
        _thread.Start();
    }

    public bool WaitingForDisk => _diskFull.Waiting;

    /// <summary>Queues a checkpoint whose documents were handed to the operating system (<see cref="DocumentSpool.FlushToSystem"/>).</summary>
    /// <param name="spooled">False while a restart reads again what the spool already holds: the checkpoint's spool position
    /// is then the restart's, it may become the acknowledged checkpoint, but it does not replace the spooled one.</param>
    public void Submit(Checkpoint checkpoint, bool spooled = true)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            _pending = new Submitted(checkpoint, spooled);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Outputs acknowledged more documents (called from their threads): the acknowledged checkpoint may move on.</summary>
    public void OutputsMoved()
    {
        lock (_gate)
        {
            _outputsMoved = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until every submitted checkpoint is on disk, and the acknowledged one is up to date.</summary>
    public void WaitIdle()
    {
        lock (_gate)
        {
            while (_pending is not null || _outputsMoved || _busy)
            {
                Monitor.Wait(_gate);
            }

            ThrowIfFailed();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }

    private void ThrowIfFailed()
    {
        if (_failure is DiskFullStopException stopped)
        {
            throw stopped;
        }

        if (_failure is not null)
        {
            throw Described(_failure);
        }
    }

    private void CommitLoop()
    {
        while (true)
        {
            Submitted? submitted;
            lock (_gate)
            {
                while (_pending is null && !_outputsMoved && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending is null && !_outputsMoved)
                {
                    return;
                }

                submitted = _pending;
                _pending = null;
                _outputsMoved = false;
                _busy = true;
            }

            try
            {
                if (_failure is null)
                {
                    if (submitted is not null)
                    {
                        Commit(submitted);
                    }

                    SaveAcknowledged();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                bool first;
                lock (_gate)
                {
                    first = _failure is null;
                    _failure ??= e;
                }

                if (first && e is not DiskFullStopException)
                {
                    _failed?.Invoke(Described(e));
                }
            }
            finally
            {
                lock (_gate)
                {
                    _busy = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void Commit(Submitted submitted)
    {
        _saving = submitted;
        _spool.SyncToDisk();
        _journal?.SyncToDisk();
        if (submitted.Spooled)
        {
            _diskFull.Run(static self => self.SaveNewestSpooled(), this);
            _spool.Publish(_saving.Checkpoint.SpoolPosition);
        }

        _candidates.Add(_saving.Checkpoint);
        if (_candidates.Count > MaxCandidates)
        {
            for (int i = _candidates.Count - 2; i >= 0; i -= 2)
            {
                _candidates.RemoveAt(i);
            }
        }
    }

    /// <summary>Saves the checkpoint being committed, or a newer one submitted while the disk was full (it covers it).</summary>
    private bool SaveNewestSpooled()
    {
        lock (_gate)
        {
            if (_pending is { Spooled: true })
            {
                _saving = _pending;
                _pending = null;
                _spool.SyncToDisk();
                _journal?.SyncToDisk();
            }
        }

        _saving!.Checkpoint.Save(Checkpoint.SpooledPath(_stateDirectory), _disk);
        _journal?.Saved(_saving.Checkpoint.SessionState, acknowledged: false, _candidates.Select(c => c.SessionState));
        return true;
    }

    /// <summary>Saves the newest candidate every output has passed as the acknowledged checkpoint, and frees the spool before it.</summary>
    private void SaveAcknowledged()
    {
        long oldest = _oldestUnacknowledged();
        int passed = _candidates.FindLastIndex(c => c.SpoolPosition <= oldest);
        if (passed < 0)
        {
            return;
        }

        var newest = _candidates[passed];
        _candidates.RemoveRange(0, passed + 1);

        _diskFull.Run(static state => { state.Newest.Save(Checkpoint.AcknowledgedPath(state.Self._stateDirectory), state.Self._disk); return true; }, (Self: this, Newest: newest));
        _journal?.Saved(newest.SessionState, acknowledged: true, _candidates.Select(c => c.SessionState));
        try
        {
            _spool.ReleaseBefore(newest.SpoolPosition);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogReleaseFailed(_logger, e.Message); // tried again after the next acknowledged checkpoint
        }
    }

    private static IOException Described(Exception failure) => new($"cannot commit a checkpoint: {failure.Message}", failure);

    private sealed record Submitted(Checkpoint Checkpoint, bool Spooled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "spool: cannot delete a delivered segment ({Reason}); trying again later")]
    private static partial void LogReleaseFailed(ILogger logger, string reason);
}

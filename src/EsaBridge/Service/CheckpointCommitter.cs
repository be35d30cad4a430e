using EsaBridge.Delivery;
using EsaBridge.Delivery.Spool;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>
/// Finishes commits on a thread of its own: syncs the spool to disk, saves the checkpoint that names it, and only
/// then lets outputs read the new documents. Reading goes on meanwhile, so waiting for the disk costs no reading
/// time; when commits come faster than the disk, only the newest pending one is kept (it covers the older ones).
/// A checkpoint that finds the disk full is tried again every second, the old one standing meanwhile; a failed
/// sync of the spool is not retried (the kernel may have dropped the pages it could not write) and stops reading.
/// </summary>
internal sealed class CheckpointCommitter : IDisposable
{
    private readonly DocumentSpool _spool;
    private readonly string _stateDirectory;
    private readonly StateDisk _disk;
    private readonly DiskFullRetry _diskFull;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private Checkpoint? _pending;
    private bool _busy;
    private bool _stopping;
    private Exception? _failure;
    private Checkpoint? _saving;

    /// <param name="stop">While the disk is full, stopping gives up the checkpoint (the last one stands).</param>
    public CheckpointCommitter(DocumentSpool spool, string stateDirectory, StateDisk disk, ILogger logger, CancellationToken stop)
    {
        _spool = spool;
        _stateDirectory = stateDirectory;
        _disk = disk;
        _diskFull = new DiskFullRetry("checkpoint", "the last checkpoint stands", string.Empty, logger, stop);
        _thread = new Thread(CommitLoop) { IsBackground = true, Name = "esabridge-commit" };
        _thread.Start();
    }

    /// <summary>True while the disk has no room for the next checkpoint.</summary>
    public bool WaitingForDisk => _diskFull.Waiting;

    /// <summary>Queues a checkpoint whose documents were handed to the operating system (<see cref="DocumentSpool.FlushToSystem"/>).</summary>
    public void Submit(Checkpoint checkpoint)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            _pending = checkpoint;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until every submitted checkpoint is on disk.</summary>
    public void WaitIdle()
    {
        lock (_gate)
        {
            while (_pending is not null || _busy)
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
            throw new IOException($"cannot commit a checkpoint: {_failure.Message}", _failure);
        }
    }

    private void CommitLoop()
    {
        while (true)
        {
            Checkpoint checkpoint;
            lock (_gate)
            {
                while (_pending is null && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending is null)
                {
                    return;
                }

                checkpoint = _pending;
                _pending = null;
                _busy = true;
            }

            try
            {
                Commit(checkpoint);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (_gate)
                {
                    _failure ??= e;
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

    private void Commit(Checkpoint checkpoint)
    {
        _saving = checkpoint;
        _spool.SyncToDisk();
        _diskFull.Run(static self => self.SaveNewest(), this);
        _spool.Publish(_saving.SpoolPosition);
    }

    /// <summary>Saves the checkpoint being committed, or a newer one submitted while the disk was full (it covers it).</summary>
    private bool SaveNewest()
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                _saving = _pending;
                _pending = null;
                _spool.SyncToDisk();
            }
        }

        _saving!.Save(_stateDirectory, _disk);
        return true;
    }
}

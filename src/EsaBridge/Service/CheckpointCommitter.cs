using EsaBridge.Delivery.Spool;

namespace EsaBridge.Service;

/// <summary>
/// Finishes commits on a thread of its own: syncs the spool to disk, saves the checkpoint that names it, and only
/// then lets outputs read the new documents. Reading goes on meanwhile, so waiting for the disk costs no reading
/// time; when commits come faster than the disk, only the newest pending one is kept (it covers the older ones).
/// </summary>
internal sealed class CheckpointCommitter : IDisposable
{
    private readonly DocumentSpool _spool;
    private readonly string _stateDirectory;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private Checkpoint? _pending;
    private bool _busy;
    private bool _stopping;
    private Exception? _failure;

    public CheckpointCommitter(DocumentSpool spool, string stateDirectory)
    {
        _spool = spool;
        _stateDirectory = stateDirectory;
        _thread = new Thread(CommitLoop) { IsBackground = true, Name = "esabridge-commit" };
        _thread.Start();
    }

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
                _spool.SyncToDisk();
                checkpoint.Save(_stateDirectory);
                _spool.Publish(checkpoint.SpoolPosition);
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
}

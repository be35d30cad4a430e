using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace EsaBridge.Core.Threading;

/// <summary>
/// Threads shared by several pipeline stages: one worker thread of its own, and every thread that waits on a stage
/// (for an item to come back, for a drain) works on whichever stage has work meanwhile instead of blocking. Each stage
/// still works on its items in order, one at a time (it is claimed under one lock, which also orders memory between the
/// threads that run it in turn). Stages added first are served first: add the downstream ones first, so items flow out
/// and the fixed number going round comes back. A thread waiting on a stage runs only that stage and the ones downstream
/// of it: a stage's work may wait on the next stage (the writing stage for an empty output array), and running an
/// upstream stage there could wait in turn on the stage below it on the same thread's stack.
/// </summary>
/// <remarks>
/// <c>parse</c> had three busy threads (reading, sessionizing, writing) on two cores: a stage whose queue was empty or
/// full blocked and a core went idle although another stage had work (13-15 % of the run by <c>perf sched</c>, 37,000
/// context switches). Served this way, two threads are busy: cores idle 5-7 %, 12,000-14,000 switches, wall time 0.90
/// of before, 36 pairs (docs/PERFORMANCE.md).
/// </remarks>
public sealed class StageWorkers : IDisposable
{
    /// <summary>Spins before a waiting thread sleeps. With the waiting threads helping, it hardly matters: 0, 20 and
    /// 100 spins gave native <c>parse</c> 0.91, 0.90 and 0.90 of the three-thread wall time.</summary>
    private const int Spins = 20;

    private readonly object _gate = new();
    private readonly List<IServed> _stages = [];
    private readonly Thread _thread;
    private readonly TimeSpan _disposeWait;
    private volatile int _version;
    private int _sleeping;
    private bool _stopping;

    public StageWorkers(string name, TimeSpan? disposeWait = null)
    {
        _disposeWait = disposeWait ?? TimeSpan.FromSeconds(10);
        _thread = new Thread(Serve) { IsBackground = true, Name = name };
        _thread.Start();
    }

    private interface IServed
    {
        /// <summary>Under the lock: true, and the stage marked running with its next item taken, when it has one and
        /// no thread runs it.</summary>
        bool TryClaim();

        /// <summary>Outside the lock: works on the claimed item and gives it back.</summary>
        void RunClaimed();

        /// <summary>Under the lock: the stage is free again.</summary>
        void Release();

        /// <summary>Under the lock: a thread works on one of its items.</summary>
        bool Running { get; }
    }

    /// <summary>A stage served by these threads.</summary>
    /// <param name="done">Gives an item back, worked on or not (after a failure).</param>
    public IStage<T> Add<T>(Action<T> work, Action<T> done)
        where T : class
    {
        lock (_gate)
        {
            var stage = new SharedStage<T>(this, _stages.Count, work, done);
            _stages.Add(stage);
            return stage;
        }
    }

    /// <summary>Ends the worker thread once no stage has work left, waiting for it at most the dispose wait; while a
    /// stage is stuck in its work (a consumer that never gives room back), it returns at once and the thread is left to
    /// end with the process.</summary>
    public void Dispose()
    {
        bool stuck;
        lock (_gate)
        {
            _stopping = true;
            stuck = _stages.Exists(s => s.Running);
            ChangedLocked();
        }

        if (!stuck)
        {
            _thread.Join(_disposeWait);
        }
    }

    private void Serve()
    {
        lock (_gate)
        {
            while (true)
            {
                if (TryRunOneLocked(int.MaxValue))
                {
                    continue;
                }

                if (_stopping)
                {
                    return;
                }

                WaitLocked();
            }
        }
    }

    /// <summary>Under the lock: runs one item of the first stage up to <paramref name="last"/> (its index) that has one
    /// free, the lock released meanwhile.</summary>
    private bool TryRunOneLocked(int last)
    {
        for (int i = 0; i < _stages.Count && i <= last; i++)
        {
            var stage = _stages[i];
            if (stage.TryClaim())
            {
                Monitor.Exit(_gate);
                try
                {
                    stage.RunClaimed();
                }
                finally
                {
                    Monitor.Enter(_gate);
                    stage.Release();
                    ChangedLocked();
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Under the lock: something a waiting thread may wait for changed.</summary>
    private void ChangedLocked()
    {
        _version++;
        if (_sleeping > 0)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Under the lock: waits for a change, spinning a little first with the lock released.</summary>
    private void WaitLocked()
    {
        int seen = _version;
        Monitor.Exit(_gate);
        var spin = default(SpinWait);
        for (int i = 0; i < Spins && _version == seen; i++)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        Monitor.Enter(_gate);
        if (_version == seen)
        {
            _sleeping++;
            Monitor.Wait(_gate);
            _sleeping--;
        }
    }

    private TItem Take<TItem>(BlockingCollection<TItem> from, int last)
    {
        lock (_gate)
        {
            while (true)
            {
                // Checked under the lock: items come back while a stage runs, before its release wakes the waiters.
                if (from.TryTake(out var item))
                {
                    return item;
                }

                if (!TryRunOneLocked(last))
                {
                    WaitLocked();
                }
            }
        }
    }

    /// <param name="index">Its place in the serving order: it and the stages before it are downstream of it.</param>
    private sealed class SharedStage<T>(StageWorkers workers, int index, Action<T> work, Action<T> done) : IStage<T>, IServed
        where T : class
    {
        private readonly Queue<T> _handed = new();
        private readonly StageWork<T> _work = new(work, done);
        private T? _claimed;
        private bool _running;

        public ExceptionDispatchInfo? Failure => _work.Failure;

        public bool Ended { get; private set; }

        public void Hand(T item)
        {
            lock (workers._gate)
            {
                _handed.Enqueue(item);
                workers.ChangedLocked();
            }
        }

        public TItem Take<TItem>(BlockingCollection<TItem> from) => workers.Take(from, index);

        public void Drain()
        {
            lock (workers._gate)
            {
                while (_running || _handed.Count > 0)
                {
                    if (!workers.TryRunOneLocked(index))
                    {
                        workers.WaitLocked();
                    }
                }
            }
        }

        public void Stop()
        {
            Drain();
            Ended = true;
        }

        /// <summary>Waits at most the workers' dispose wait for what was handed to be worked on by the worker thread
        /// (a stage stuck in the work is left to end with the process).</summary>
        public void Dispose()
        {
            if (Ended)
            {
                return;
            }

            var until = DateTime.UtcNow + workers._disposeWait;
            lock (workers._gate)
            {
                while (_running || _handed.Count > 0)
                {
                    var left = until - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return;
                    }

                    workers._sleeping++;
                    Monitor.Wait(workers._gate, left);
                    workers._sleeping--;
                }
            }

            Ended = true;
        }

        bool IServed.TryClaim()
        {
            if (_running || _handed.Count == 0)
            {
                return false;
            }

            _running = true;
            _claimed = _handed.Dequeue();
            return true;
        }

        void IServed.RunClaimed()
        {
            var item = _claimed!;
            _claimed = null;
            _work.Run(item);
        }

        void IServed.Release() => _running = false;

        bool IServed.Running => _running;
    }
}

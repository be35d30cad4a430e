using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace EsaBridge.Core.Threading;

/// <summary>
/// One stage of a pipeline on a thread of its own: items handed to it are worked on in order, then given back
/// (<c>done</c>), so a fixed number goes round and memory stays flat. What the work throws is kept in
/// <see cref="Failure"/> for the handing side to throw, and the items keep coming back unworked afterwards, so that
/// side never waits for ever. <see cref="Drain"/> waits until everything handed before it is worked on.
/// </summary>
public sealed class StageThread<T> : IStage<T>
    where T : class
{
    private readonly BlockingCollection<T?> _handed;
    private readonly SemaphoreSlim _drained = new(0);
    private readonly StageWork<T> _work;
    private readonly Thread _thread;
    private readonly TimeSpan _disposeWait;
    private bool _disposed;

    /// <param name="items">The most items handed and not yet given back at once.</param>
    /// <param name="done">Gives an item back, worked on or not (after a failure).</param>
    /// <param name="disposeWait">How long <see cref="Dispose"/> waits for an item stuck in the work (10 s by default).</param>
    public StageThread(string name, int items, Action<T> work, Action<T> done, TimeSpan? disposeWait = null)
    {
        _disposeWait = disposeWait ?? TimeSpan.FromSeconds(10);
        _handed = new BlockingCollection<T?>(boundedCapacity: items + 1);
        _work = new StageWork<T>(work, done);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>What the work threw, once it did.</summary>
    public ExceptionDispatchInfo? Failure => _work.Failure;

    public void Hand(T item) => _handed.Add(item);

    public TItem Take<TItem>(BlockingCollection<TItem> from) => from.Take();

    /// <summary>Returns once everything handed so far is worked on and given back.</summary>
    public void Drain()
    {
        _handed.Add(null);
        _drained.Wait();
    }

    /// <summary>True once the thread ended (<see cref="Stop"/>, or <see cref="Dispose"/> in time): what it used can be disposed.</summary>
    public bool Ended { get; private set; }

    /// <summary>Works on everything handed so far, then ends the thread.</summary>
    public void Stop()
    {
        _handed.CompleteAdding();
        _thread.Join();
        Ended = true;
    }

    /// <summary>Ends the thread, waiting for it at most the dispose wait: one stuck in the work (a consumer that never
    /// gives room back) is left to end with the process, and its collection is not disposed.</summary>
    public void Dispose()
    {
        if (!Ended)
        {
            _handed.CompleteAdding();
            Ended = _thread.Join(_disposeWait);
        }

        if (Ended && !_disposed)
        {
            _disposed = true;
            _handed.Dispose();
            _drained.Dispose();
        }
    }

    private void Loop()
    {
        foreach (var item in _handed.GetConsumingEnumerable())
        {
            if (item is null)
            {
                _drained.Release();
                continue;
            }

            _work.Run(item);
        }
    }
}

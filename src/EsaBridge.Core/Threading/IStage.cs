using System.Runtime.ExceptionServices;

namespace EsaBridge.Core.Threading;

/// <summary>One stage of a pipeline: items handed to it are worked on in order, one at a time, then given back. Either
/// on a thread of its own (<see cref="StageThread{T}"/>) or on threads shared with other stages (<see cref="StageWorkers"/>).</summary>
public interface IStage<T> : IDisposable
    where T : class
{
    /// <summary>What the work threw, once it did.</summary>
    ExceptionDispatchInfo? Failure { get; }

    /// <summary>True once the stage ended: what it used can be disposed.</summary>
    bool Ended { get; }

    void Hand(T item);

    /// <summary>Returns once everything handed so far is worked on and given back.</summary>
    void Drain();

    /// <summary>Works on everything handed so far, then ends the stage.</summary>
    void Stop();

    /// <summary>Takes an item from <paramref name="from"/>, waiting for one to come back: on shared threads, the waiting
    /// thread works on the stages meanwhile.</summary>
    TItem Take<TItem>(System.Collections.Concurrent.BlockingCollection<TItem> from);
}

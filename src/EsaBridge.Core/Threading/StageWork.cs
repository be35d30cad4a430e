using System.Runtime.ExceptionServices;

namespace EsaBridge.Core.Threading;

/// <summary>A stage's work on its items, whatever thread runs it: what the work throws is kept (<see cref="Failure"/>,
/// for the handing side to throw) and the items keep coming back unworked afterwards, so that side never waits for
/// ever.</summary>
/// <param name="done">Gives an item back, worked on or not.</param>
internal sealed class StageWork<T>(Action<T> work, Action<T> done)
{
    private ExceptionDispatchInfo? _failure;

    /// <summary>What the work threw, once it did.</summary>
    public ExceptionDispatchInfo? Failure => Volatile.Read(ref _failure);

    public void Run(T item)
    {
        if (_failure is null)
        {
            try
            {
                work(item);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(e));
            }
        }

        done(item);
    }
}

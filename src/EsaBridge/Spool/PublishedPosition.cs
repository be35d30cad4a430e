namespace EsaBridge.Spool;

/// <summary>The position up to which a spool's documents may be read, and a wait for it to move past a reader's
/// position: one writer publishes, any number of workers wait. Thread-safe.</summary>
internal sealed class PublishedPosition
{
    private long _position;
    private TaskCompletionSource _moved = NewSignal();

    public long Value => Volatile.Read(ref _position);

    /// <summary>Moves the position forward and wakes the waiting readers; a position not ahead is ignored.</summary>
    public void Advance(long position)
    {
        if (position > Value)
        {
            Volatile.Write(ref _position, position);
            Interlocked.Exchange(ref _moved, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Sets the position without waking anyone: at start, or when a damaged spool is cut back.</summary>
    public void Reset(long position) => Volatile.Write(ref _position, position);

    public async Task WaitBeyondAsync(long position, CancellationToken cancellation)
    {
        while (Value <= position)
        {
            var moved = Volatile.Read(ref _moved).Task;
            if (Value > position)
            {
                return;
            }

            await moved.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

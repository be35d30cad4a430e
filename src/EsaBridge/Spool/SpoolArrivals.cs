namespace EsaBridge.Spool;

/// <summary>When the spool's committed end passed each position, sampled (at most <see cref="MaxSamples"/> samples, one
/// per <see cref="Sample"/> tick), so an output can tell how long its oldest unacknowledged document has waited even
/// while it is stuck in a retry. The age is exact to a sampling interval; documents spooled before the service started
/// count from the start. Thread-safe.</summary>
internal sealed class SpoolArrivals(Func<long> committedEnd, TimeProvider? time = null)
{
    private const int MaxSamples = 4096;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<(long End, DateTimeOffset At)> _samples = new();
    private readonly Lock _gate = new();
    private long _lastEnd = -1;

    /// <summary>Samples the committed end every <paramref name="interval"/> until the timer is disposed.</summary>
    public ITimer Sample(TimeSpan interval) => _time.CreateTimer(_ => Note(), null, TimeSpan.Zero, interval);

    /// <summary>How long the document at <paramref name="position"/> (the first not acknowledged) has been spooled; zero when there is none.</summary>
    public TimeSpan OldestWaiting(long position)
    {
        Note();
        lock (_gate)
        {
            while (_samples.Count > 0 && _samples.Peek().End <= position)
            {
                _samples.Dequeue();
            }

            return _samples.TryPeek(out var first) ? _time.GetUtcNow() - first.At : TimeSpan.Zero;
        }
    }

    private void Note()
    {
        long end = committedEnd();
        lock (_gate)
        {
            // When full, later ends are not noted: the oldest ages stay right, only newer ones are told a little younger.
            if (end > _lastEnd && _samples.Count < MaxSamples)
            {
                _samples.Enqueue((end, _time.GetUtcNow()));
                _lastEnd = end;
            }
        }
    }
}

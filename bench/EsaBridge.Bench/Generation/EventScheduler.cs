namespace EsaBridge.Bench.Generation;

/// <summary>
/// Pending actors ordered by due time; actors due at the same millisecond run in the order they were scheduled,
/// which keeps the output deterministic.
/// </summary>
internal sealed class EventScheduler
{
    private readonly PriorityQueue<SimActor, DueKey> _queue = new(4096);
    private long _sequence;

    public int Count => _queue.Count;

    public void Schedule(SimActor actor, long dueMs) => _queue.Enqueue(actor, new DueKey(dueMs, _sequence++));

    public bool TryNext(out SimActor actor, out long dueMs)
    {
        if (_queue.TryDequeue(out SimActor? next, out DueKey key))
        {
            actor = next;
            dueMs = key.DueMs;
            return true;
        }

        actor = null!;
        dueMs = 0;
        return false;
    }

    private readonly record struct DueKey(long DueMs, long Sequence) : IComparable<DueKey>
    {
        public int CompareTo(DueKey other)
        {
            int byTime = DueMs.CompareTo(other.DueMs);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}

namespace EsaBridge.Core.Sessions;

/// <summary>
/// Picks the least recently seen entries of a sessionizer table (ties by key, so the choice is reproducible), with a
/// bounded heap kept for reuse: one pass over the table, no allocation after the first use.
/// </summary>
internal sealed class OldestFirst
{
    private readonly PriorityQueue<SessionKey, Age> _newestOnTop = new(NewestFirst.Instance);

    /// <summary>Fills <paramref name="oldest"/> with the <paramref name="count"/> oldest keys, oldest first.</summary>
    public void Select<T>(Dictionary<SessionKey, T> table, Func<T, long> lastSeen, int count, List<SessionKey> oldest)
    {
        _newestOnTop.Clear();
        foreach (var (key, value) in table)
        {
            var age = new Age(lastSeen(value), key);
            if (_newestOnTop.Count < count)
            {
                _newestOnTop.Enqueue(key, age);
            }
            else if (_newestOnTop.TryPeek(out _, out var newest) && Age.Compare(age, newest) < 0)
            {
                _newestOnTop.DequeueEnqueue(key, age);
            }
        }

        oldest.Clear();
        while (_newestOnTop.TryDequeue(out var key, out _))
        {
            oldest.Add(key);
        }

        oldest.Reverse();
    }

    private readonly record struct Age(long Seconds, SessionKey Key)
    {
        public static int Compare(Age a, Age b) =>
            a.Seconds != b.Seconds ? a.Seconds.CompareTo(b.Seconds)
            : a.Key.Appliance != b.Key.Appliance ? a.Key.Appliance.CompareTo(b.Key.Appliance)
            : a.Key.Id.CompareTo(b.Key.Id);
    }

    private sealed class NewestFirst : IComparer<Age>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(Age x, Age y) => Age.Compare(y, x);
    }
}

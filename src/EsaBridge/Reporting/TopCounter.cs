namespace EsaBridge.Reporting;

/// <summary>Counts values exactly; memory grows with the distinct values, not with the messages.</summary>
internal sealed class TopCounter
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _missing;

    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _missing++;
            return;
        }

        _counts[value] = _counts.GetValueOrDefault(value) + 1;
    }

    public TopList Top(int count)
    {
        IReadOnlyList<TopEntry> entries =
        [
            .. _counts
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(count)
                .Select(kv => new TopEntry(kv.Key, kv.Value)),
        ];
        return new TopList(entries, _missing);
    }
}

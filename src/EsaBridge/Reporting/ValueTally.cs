namespace EsaBridge.Reporting;

/// <summary>
/// Counts values as the documents spell them. The values come from small sets (verdicts, quarantine names, SMTP
/// status codes), so memory stays flat whatever the input's size.
/// </summary>
internal sealed class ValueTally
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        Total++;
    }

    /// <summary>Most seen first, ties in ordinal order.</summary>
    public List<ValueCount> Ordered() =>
        [.. _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ValueCount(kv.Key, kv.Value))];
}

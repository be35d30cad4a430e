namespace EsaBridge.Reporting;

/// <summary>The most frequent values of one kind and what the rows leave out.</summary>
/// <param name="Rows">Most seen first, ties in ordinal order.</param>
/// <param name="OtherValues">How many further values the rows leave out.</param>
/// <param name="OtherCount">What those further values counted together.</param>
public sealed record TopValues(long Total, IReadOnlyList<ValueCount> Rows, long OtherValues, long OtherCount)
{
    internal static TopValues Of(ValueTally tally, int count)
    {
        var ordered = tally.Ordered();
        var rows = ordered.Take(count).ToList();
        return new TopValues(tally.Total, rows, ordered.Count - rows.Count, tally.Total - rows.Sum(r => r.Count));
    }
}

using System.Globalization;

namespace EsaBridge.Reporting;

/// <summary>
/// Counts idle seconds into bins that widen with the idle time, except one narrow bin of exactly
/// timeout ± tolerance, so that aborts caused by the listener timeout pile up in a bar of their own.
/// </summary>
internal sealed class IdleHistogram
{
    private static readonly long[] BaseEdges = [0, 5, 30, 60, 120, 240, 600];

    private readonly (long From, long? To, bool IsTimeout)[] _bins;
    private readonly long[] _counts;
    private readonly long _timeoutSeconds;

    public IdleHistogram(long timeoutSeconds, long toleranceSeconds)
    {
        _timeoutSeconds = timeoutSeconds;
        _bins = Layout(timeoutSeconds, toleranceSeconds);
        _counts = new long[_bins.Length];
    }

    public void Add(long idleSeconds)
    {
        long idle = Math.Max(0, idleSeconds);
        int i = _bins.Length - 1;
        while (i > 0 && idle < _bins[i].From)
        {
            i--;
        }

        _counts[i]++;
    }

    public IReadOnlyList<IdleBin> Bins() =>
        [.. _bins.Select((b, i) => new IdleBin(Label(b.From, b.To, b.IsTimeout), b.From, b.To, _counts[i], b.IsTimeout))];

    private static (long From, long? To, bool IsTimeout)[] Layout(long timeout, long tolerance)
    {
        long low = Math.Max(0, timeout - tolerance);
        long high = timeout + tolerance;
        var edges = BaseEdges.ToList();
        while (edges[^1] <= high)
        {
            edges.Add(edges[^1] * 2);
        }

        var bins = new List<(long, long?, bool)>();
        for (int i = 0; i + 1 < edges.Count && edges[i] < low; i++)
        {
            bins.Add((edges[i], Math.Min(edges[i + 1], low) - 1, false));
        }

        bins.Add((low, high, true));
        long start = high + 1;
        foreach (long edge in edges.Where(e => e > start))
        {
            bins.Add((start, edge - 1, false));
            start = edge;
        }

        bins.Add((start, null, false));
        return [.. bins];
    }

    private string Label(long from, long? to, bool isTimeout) =>
        isTimeout ? string.Create(CultureInfo.InvariantCulture, $"≈{_timeoutSeconds} s (listener timeout)")
        : to is null ? string.Create(CultureInfo.InvariantCulture, $"{from}+ s")
        : from == to ? string.Create(CultureInfo.InvariantCulture, $"{from} s")
        : string.Create(CultureInfo.InvariantCulture, $"{from}-{to} s");
}

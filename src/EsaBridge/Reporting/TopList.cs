namespace EsaBridge.Reporting;

/// <summary>The most frequent values, most frequent first (ties in ordinal order of the value).</summary>
/// <param name="Unattributed">
/// Messages for which the log held no value (no connection line, unknown reverse DNS, ...).
/// </param>
public sealed record TopList(IReadOnlyList<TopEntry> Entries, long Unattributed);

namespace EsaBridge.Reporting;

/// <summary>The most frequent values, most frequent first (ties by ordinal value order).</summary>
/// <param name="Unattributed">Messages for which the log held no value (no connection line, unknown reverse DNS, ...).</param>
public sealed record TopList(IReadOnlyList<TopEntry> Entries, long Unattributed);

public sealed record TopEntry(string Value, long Count);

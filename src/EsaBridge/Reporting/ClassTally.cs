using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>
/// Counts the messages of one abort class per source (IP, reverse DNS, sender group taken together), so that a
/// row of the report is a combination some message really had. Memory grows with the distinct sources only.
/// </summary>
internal sealed class ClassTally(AbortClass abortClass)
{
    private readonly Dictionary<(string? Ip, string? Dns, string? Group), long> _counts = [];
    private long _messages;

    public void Add(ConnectionSnapshot? connection)
    {
        _messages++;
        var key = (Clean(connection?.SourceIp), Clean(connection?.ReverseDns), Clean(connection?.SenderGroup));
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    public ClassTops Top(int count)
    {
        var ordered = _counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key.Ip is null)
            .ThenBy(kv => kv.Key.Ip, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Dns, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Group, StringComparer.Ordinal)
            .Select(kv => new SourceRow(kv.Key.Ip, kv.Key.Dns, kv.Key.Group, kv.Value))
            .ToList();
        var rows = ordered.Take(count).ToList();
        return new ClassTops(abortClass, _messages, rows, ordered.Count - rows.Count, _messages - rows.Sum(r => r.Count));
    }

    private static string? Clean(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

using System.Globalization;
using System.Text;

namespace EsaBridge.Tests.Properties;

/// <summary>Renders session lines as mail log text and merges per-session line lists.</summary>
public static class LogText
{
    private static readonly string[] Weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Length of <c>Www Mmm dD HH:MM:SS YYYY</c>.</summary>
    public const int FileTimestampLength = 24;

    /// <summary><c>Www Mmm dD HH:MM:SS YYYY</c>, the day space-padded (<c>Thu Aug  7 11:04:51 2014</c>).</summary>
    public static string FileTimestamp(long seconds)
    {
        var t = DateTime.UnixEpoch.AddSeconds(seconds);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Weekdays[(int)t.DayOfWeek]} {Months[t.Month - 1]} {t.Day,2} {t.Hour:00}:{t.Minute:00}:{t.Second:00} {t.Year:0000}");
    }

    /// <summary><c>Mmm dD HH:MM:SS</c>, the BSD syslog timestamp (no year).</summary>
    public static string SyslogTimestamp(long seconds)
    {
        var t = DateTime.UnixEpoch.AddSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{Months[t.Month - 1]} {t.Day,2} {t.Hour:00}:{t.Minute:00}:{t.Second:00}");
    }

    public static string FileForm(SessionLine line) => FileTimestamp(line.Seconds) + " Info: " + line.Body;

    /// <summary><c>[&lt;22&gt;]Mmm dD HH:MM:SS host mail_logs: Info: text</c>.</summary>
    public static string Syslog(SessionLine line, string host, bool withPri) =>
        (withPri ? "<22>" : string.Empty) + SyslogTimestamp(line.Seconds) + " " + host + " mail_logs: Info: " + line.Body;

    /// <summary>
    /// <c>YYYY Mmm dD HH:MM:SS host mail [info] splunk_maillogs:nopid Info: text</c>: a relay's rewritten header
    /// (soc-course-notes-amp-dlp).
    /// </summary>
    public static string RelayRewritten(SessionLine line, string host) =>
        DateTime.UnixEpoch.AddSeconds(line.Seconds).Year.ToString("0000", CultureInfo.InvariantCulture) + " "
        + SyslogTimestamp(line.Seconds) + " " + host + " mail [info] splunk_maillogs:nopid Info: " + line.Body;

    public static byte[] Utf8(string line) => Encoding.UTF8.GetBytes(line);

    /// <summary>
    /// Merges the lists: each output slot belongs to one list, slots are ordered by their random key (ties by position),
    /// and each list's items come out in their own order. All-equal keys give the lists one after another.
    /// </summary>
    public static List<T> Interleave<T>(IReadOnlyList<IReadOnlyList<T>> lists, IReadOnlyList<int> keys)
    {
        var owners = new List<int>();
        for (int i = 0; i < lists.Count; i++)
        {
            owners.AddRange(Enumerable.Repeat(i, lists[i].Count));
        }

        var next = new int[lists.Count];
        var merged = new List<T>(owners.Count);
        foreach (int owner in owners.Select((owner, slot) => (owner, slot)).OrderBy(x => keys[x.slot % keys.Count]).ThenBy(x => x.slot).Select(x => x.owner))
        {
            merged.Add(lists[owner][next[owner]++]);
        }

        return merged;
    }

    /// <summary>A readable dump of a stream for a failing sample (bytes that are not UTF-8 show as U+FFFD).</summary>
    public static string Dump(IEnumerable<byte[]> lines) =>
        Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => Encoding.UTF8.GetString(l).Replace("\0", "\\0", StringComparison.Ordinal)));
}

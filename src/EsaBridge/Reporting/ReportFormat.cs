using System.Globalization;

namespace EsaBridge.Reporting;

/// <summary>How the report writes numbers and times: invariant, whatever the machine's culture.</summary>
internal static class ReportFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 message", "2 messages": the count and the noun, plural with an s when the count is not one.</summary>
    public static string Counted(long value, string noun) => $"{Count(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    public static string Share(long part, long total) =>
        total == 0 ? "-" : ((double)part / total).ToString("P1", CultureInfo.InvariantCulture);

    public static string Timestamp(long utcSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(utcSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace EsaBridge.Core.Documents;

public static class IsoTime
{
    private const string Pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ssZ</c> for UTC seconds since 1970.</summary>
    public static int Format(long utcSeconds, Span<byte> destination)
    {
        DateTime.UnixEpoch.AddSeconds(utcSeconds).TryFormat(destination, out int written, Pattern, CultureInfo.InvariantCulture);
        return written;
    }

    public static string ToString(long utcSeconds) =>
        DateTime.UnixEpoch.AddSeconds(utcSeconds).ToString(Pattern, CultureInfo.InvariantCulture);
}

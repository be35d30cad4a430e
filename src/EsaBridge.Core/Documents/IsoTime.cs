using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Documents;

/// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> for UTC seconds since 1970, written by hand (three per document).</summary>
public static class IsoTime
{
    public const int Length = 20;

    /// <summary>Writes the 20 bytes into <paramref name="destination"/> and returns 20.</summary>
    public static int Format(long utcSeconds, Span<byte> destination)
    {
        long days = Math.DivRem(utcSeconds, 86400, out long secondsOfDay);
        if (secondsOfDay < 0)
        {
            days--;
            secondsOfDay += 86400;
        }

        (int year, int month, int day) = CivilTime.CivilFromDays(days);
        var d = destination[..Length];
        Four(d, 0, year);
        d[4] = (byte)'-';
        Two(d, 5, month);
        d[7] = (byte)'-';
        Two(d, 8, day);
        d[10] = (byte)'T';
        Two(d, 11, (int)(secondsOfDay / 3600));
        d[13] = (byte)':';
        Two(d, 14, (int)(secondsOfDay / 60 % 60));
        d[16] = (byte)':';
        Two(d, 17, (int)(secondsOfDay % 60));
        d[19] = (byte)'Z';
        return Length;
    }

    /// <summary>
    /// Like <see cref="Format"/>, into <paramref name="destination"/> that holds the time of
    /// <paramref name="previousSeconds"/>: within the same day only the time of day is written again.
    /// </summary>
    public static void FormatAfter(long utcSeconds, long previousSeconds, Span<byte> destination)
    {
        long days = Math.DivRem(utcSeconds, 86400, out long secondsOfDay);
        if (secondsOfDay < 0)
        {
            days--;
            secondsOfDay += 86400;
        }

        long previousDays = Math.DivRem(previousSeconds, 86400, out long previousOfDay);
        if (previousOfDay < 0)
        {
            previousDays--;
        }

        if (previousSeconds == long.MinValue || days != previousDays)
        {
            Format(utcSeconds, destination);
            return;
        }

        var d = destination[..Length];
        Two(d, 11, (int)(secondsOfDay / 3600));
        Two(d, 14, (int)(secondsOfDay / 60 % 60));
        Two(d, 17, (int)(secondsOfDay % 60));
    }

    public static string ToString(long utcSeconds)
    {
        Span<byte> buffer = stackalloc byte[Length];
        Format(utcSeconds, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static void Two(Span<byte> d, int at, int value)
    {
        d[at] = (byte)('0' + (value / 10));
        d[at + 1] = (byte)('0' + (value % 10));
    }

    private static void Four(Span<byte> d, int at, int value)
    {
        Two(d, at, value / 100 % 100);
        Two(d, at + 2, value % 100);
    }
}

using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>Turns option text into values, with one-line errors a user can act on.</summary>
internal static class ValueParsers
{
    /// <summary><c>UTC</c>, an offset (<c>+02:00</c>, <c>-0500</c>, <c>+3</c>) or an IANA name (<c>Europe/Paris</c>).</summary>
    public static ZoneConverter Zone(string text)
    {
        string value = text.Trim();
        if (value.Equals("UTC", StringComparison.OrdinalIgnoreCase) || value == "Z")
        {
            return ZoneConverter.Utc;
        }

        if (value.Length > 1 && (value[0] == '+' || value[0] == '-') && TryParseOffset(value[1..], out var offset))
        {
            return ZoneConverter.FixedOffset(value[0] == '-' ? -offset : offset);
        }

        try
        {
            return ZoneConverter.For(TimeZoneInfo.FindSystemTimeZoneById(value));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new UsageException($"--timezone: unknown time zone '{text}' (use UTC, an offset like +02:00, or an IANA name like Europe/Paris)");
        }
    }

    /// <summary><c>7d</c>, <c>12h</c>, <c>30m</c>, <c>90s</c>, <c>250ms</c> or a TimeSpan (<c>7.00:00:00</c>).</summary>
    public static TimeSpan Duration(string option, string text)
    {
        string value = text.Trim();
        if (value.EndsWith("ms", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(value[..^2], NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds) && milliseconds > 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (value.Length >= 2 && long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long amount) && amount > 0)
        {
            TimeSpan? parsed = char.ToLowerInvariant(value[^1]) switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' => TimeSpan.FromSeconds(amount),
                _ => null,
            };
            if (parsed is { } span)
            {
                return span;
            }
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeSpan) && timeSpan > TimeSpan.Zero)
        {
            return timeSpan;
        }

        throw new UsageException($"{option}: '{text}' is not a duration (use 7d, 12h, 30m, 90s, 250ms or d.hh:mm:ss)");
    }

    /// <summary><c>5MB</c>, <c>512KB</c>, <c>1GB</c> or a number of bytes (binary multiples).</summary>
    public static long Size(string option, string text)
    {
        string value = text.Trim().ToUpperInvariant();
        (string digits, long unit) = value switch
        {
            _ when value.EndsWith("GB", StringComparison.Ordinal) => (value[..^2], 1L << 30),
            _ when value.EndsWith("MB", StringComparison.Ordinal) => (value[..^2], 1L << 20),
            _ when value.EndsWith("KB", StringComparison.Ordinal) => (value[..^2], 1L << 10),
            _ when value.EndsWith('B') => (value[..^1], 1L),
            _ => (value, 1L),
        };
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) && amount > 0 && amount <= long.MaxValue / unit)
        {
            return amount * unit;
        }

        throw new UsageException($"{option}: '{text}' is not a size (use 5MB, 512KB or a number of bytes)");
    }

    /// <summary>A whole number for a numeric option, whose error names the value expected in words (the parser's own
    /// message would name a .NET type, <c>System.Nullable`1[System.Int32]</c>).</summary>
    /// <param name="words">What the option expects, e.g. <c>a year such as 2026</c>.</param>
    public static Func<ArgumentResult, T> WholeNumber<T>(string option, string words)
        where T : struct, IBinaryInteger<T> => result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (T.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out T value))
            {
                return value;
            }

            result.AddError($"{option}: '{text}' is not {words}");
            return default;
        };

    private static bool TryParseOffset(string text, out TimeSpan offset)
    {
        offset = default;
        string digits = text.Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length is < 1 or > 4 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        int hours = digits.Length <= 2 ? int.Parse(digits, CultureInfo.InvariantCulture) : int.Parse(digits[..^2], CultureInfo.InvariantCulture);
        int minutes = digits.Length <= 2 ? 0 : int.Parse(digits[^2..], CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        return true;
    }
}

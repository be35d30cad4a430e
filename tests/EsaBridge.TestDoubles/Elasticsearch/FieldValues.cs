using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Whether one scalar JSON value fits a field type the way Elasticsearch parses it (coercion on, so numeric strings fit
/// numbers and 1.5 fits a long); a misfit is the Java exception Elasticsearch names as the cause.
/// </summary>
internal static partial class FieldValues
{
    private const int TextBuffer = 256;

    /// <summary>Types whose malformed values <c>ignore_malformed</c> lets through.</summary>
    public static bool CanIgnoreMalformed(string type) => IsChecked(type) || type == "geo_point";

    /// <summary>Types that take only scalars (an object there is a parsing error; others accept structured values).</summary>
    public static bool IsScalarType(string type) => IsChecked(type)
        || type is "keyword" or "wildcard" or "text" or "match_only_text" or "constant_keyword" or "version" or "binary"
            or "token_count" or "search_as_you_type" or "counted_keyword";

    /// <summary>The cause (type, reason) when the value at the reader does not fit, else null.</summary>
    public static (string Type, string Reason)? Misfit(ref Utf8JsonReader reader, string fieldType, bool customDateFormat)
    {
        var token = reader.TokenType;
        bool fits = fieldType switch
        {
            "long" => token == JsonTokenType.Number && reader.TryGetInt64(out _),
            "double" or "float" or "half_float" or "scaled_float" => token == JsonTokenType.Number,
            "boolean" => token is JsonTokenType.True or JsonTokenType.False,
            "date" or "date_nanos" => token == JsonTokenType.Number || customDateFormat || (IsPlainString(ref reader) && IsUtcDateTime(reader.ValueSpan)),
            "ip" => IsPlainString(ref reader) && IsIPv4(reader.ValueSpan),
            _ => !IsChecked(fieldType),
        };
        if (fits)
        {
            return null;
        }

        string? owned = Owned(ref reader);
        Span<char> buffer = stackalloc char[TextBuffer];
        ReadOnlySpan<char> text = owned ?? (ReadOnlySpan<char>)buffer[..Encoding.UTF8.GetChars(reader.ValueSpan, buffer)];
        return fieldType switch
        {
            "long" => Integral(token, text, long.MinValue, long.MaxValue, "a long"),
            "integer" => Integral(token, text, int.MinValue, int.MaxValue, "an integer"),
            "short" => Integral(token, text, short.MinValue, short.MaxValue, "a short"),
            "byte" => Integral(token, text, sbyte.MinValue, sbyte.MaxValue, "a byte"),
            "unsigned_long" => Integral(token, text, 0m, 18446744073709551615m, "an unsigned_long"),
            "double" or "float" or "half_float" or "scaled_float" => Floating(token, text),
            "boolean" => Boolean(token, text),
            "ip" => token == JsonTokenType.String && IsIp(text) ? null : ("illegal_argument_exception", $"'{text}' is not an IP string literal."),
            _ => Date(token, text),
        };
    }

    /// <summary>
    /// The commonest date form, <c>yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z]</c> in ASCII, read from the bytes: only forms the
    /// <see cref="Date"/> check accepts (the same calendar check included), so the general check runs for the rest.
    /// </summary>
    private static bool IsUtcDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] is not ((byte)'T' or (byte)'t') || text[13] != ':' || text[16] != ':'
            || !AllDigits(text[..4]) || !AllDigits(text[5..7]) || !AllDigits(text[8..10]) || !AllDigits(text[11..13])
            || !AllDigits(text[14..16]) || !AllDigits(text[17..19]))
        {
            return false;
        }

        var rest = text[19..];
        if (!rest.IsEmpty && rest[0] is (byte)'.' or (byte)',')
        {
            int digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                digits++;
            }

            if (digits is 1 or > 10)
            {
                return false;
            }

            rest = rest[digits..];
        }

        if (!(rest.IsEmpty || (rest.Length == 1 && rest[0] is (byte)'Z' or (byte)'z')))
        {
            return false;
        }

        int year = Number(text[..4]);
        int month = Number(text[5..7]);
        int day = Number(text[8..10]);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(1, year), month);
    }

    /// <summary>A dotted-quad IPv4 address in ASCII, as <see cref="IsIp"/> accepts it (anything else takes the general check).</summary>
    private static bool IsIPv4(ReadOnlySpan<byte> text)
    {
        int octets = 0;
        foreach (var range in text.Split((byte)'.'))
        {
            var octet = text[range];
            if (++octets > 4 || octet.Length is < 1 or > 3 || !AllDigits(octet) || Number(octet) > 255)
            {
                return false;
            }
        }

        return octets == 4;
    }

    private static bool IsPlainString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence;

    private static bool AllDigits(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte b in digits)
        {
            value = (value * 10) + (b - '0');
        }

        return value;
    }

    /// <summary>strict_date_optional_time (with a full date) as dynamic date detection recognises it.</summary>
    public static bool LooksLikeDate(string text) => FullDate().IsMatch(text) && ValidCalendarDate(text);

    /// <summary>The token's text as it appears in the source.</summary>
    public static string Raw(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);

    /// <summary>Types whose scalar values are checked (the others take any scalar).</summary>
    public static bool IsChecked(string type) => type is "ip" or "date" or "date_nanos" or "boolean"
        or "long" or "integer" or "short" or "byte" or "unsigned_long" or "double" or "float" or "half_float" or "scaled_float";

    /// <summary>The value as a string when it cannot be decoded into the stack buffer (escaped, split or long), else null.</summary>
    private static string? Owned(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > TextBuffer))
        {
            return reader.GetString();
        }

        return reader.HasValueSequence || reader.ValueSpan.Length > TextBuffer ? Raw(ref reader) : null;
    }

    private static (string, string)? Integral(JsonTokenType token, ReadOnlySpan<char> text, decimal min, decimal max, string name)
    {
        if (token is not (JsonTokenType.Number or JsonTokenType.String))
        {
            return NotNumeric(token);
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? ("illegal_argument_exception", $"Value [{text}] is out of range for {name}")
                : ("number_format_exception", $"For input string: \"{text}\"");
        }

        decimal truncated = decimal.Truncate(value);
        return truncated < min || truncated > max ? ("illegal_argument_exception", $"Value [{text}] is out of range for {name}") : null;
    }

    private static (string, string)? Floating(JsonTokenType token, ReadOnlySpan<char> text) => token switch
    {
        JsonTokenType.String when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) => null,
        JsonTokenType.String => ("number_format_exception", $"For input string: \"{text}\""),
        _ => NotNumeric(token),
    };

    private static (string, string)? Boolean(JsonTokenType token, ReadOnlySpan<char> text) =>
        token == JsonTokenType.String && (text is "true" or "false" || text.IsEmpty)
            ? null
            : ("illegal_argument_exception", $"Failed to parse value [{text}] as only [true] or [false] are allowed.");

    private static (string, string)? Date(JsonTokenType token, ReadOnlySpan<char> text)
    {
        bool fits = token == JsonTokenType.String
            && (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || (OptionalTime().IsMatch(text) && ValidCalendarDate(text)));
        return fits ? null : ("illegal_argument_exception", $"failed to parse date field [{text}] with format [strict_date_optional_time||epoch_millis]");
    }

    private static (string, string) NotNumeric(JsonTokenType token) =>
        ("x_content_parse_exception", $"Current token ({Jackson(token)}) not numeric, can not use numeric value accessors");

    private static string Jackson(JsonTokenType token) => token switch
    {
        JsonTokenType.True => "VALUE_TRUE",
        JsonTokenType.False => "VALUE_FALSE",
        JsonTokenType.StartObject => "START_OBJECT",
        JsonTokenType.StartArray => "START_ARRAY",
        _ => "VALUE_STRING",
    };

    private static bool IsIp(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        int octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (++octets > 4 || octet.Length is < 1 or > 3 || octet.ContainsAnyExcept(Digits) || int.Parse(octet, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return octets == 4;
    }

    /// <summary>The year, month and day of a text the date patterns matched are a real calendar date.</summary>
    private static bool ValidCalendarDate(ReadOnlySpan<char> text)
    {
        int year = int.Parse(text[..4], CultureInfo.InvariantCulture);
        int month = text.Length >= 7 && text[4] == '-' ? int.Parse(text[5..7], CultureInfo.InvariantCulture) : 1;
        int day = text.Length >= 10 && text[7] == '-' ? int.Parse(text[8..10], CultureInfo.InvariantCulture) : 1;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(1, year), month);
    }

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    // [0-9], not \d: \d also matches other scripts' digits, which Elasticsearch's date parser refuses (and int.Parse throws on).
    [GeneratedRegex(@"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}([Tt][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?)?)?)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$")]
    private static partial Regex OptionalTime();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$")]
    private static partial Regex FullDate();
}

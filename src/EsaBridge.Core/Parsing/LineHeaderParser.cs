using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace EsaBridge.Core.Parsing;

/// <summary>
/// Reads what comes before the message text: the file form's <c>Www Mmm dD HH:MM:SS YYYY</c>, a BSD syslog header
/// (optional <c>&lt;PRI&gt;</c>, optional relay year, optional host, any program tag), a relay's year-first header,
/// an RFC 5424 header, or nothing at all; then the level. Returns the offset of the body, -1 when the line is malformed, or
/// <see cref="NotAMailLogLine"/> for a well-formed syslog line with no mail log level (another program's line).
/// </summary>
internal sealed class LineHeaderParser
{
    /// <summary>A well-formed syslog line whose text is not an ESA mail log line: not used, not malformed.</summary>
    public const int NotAMailLogLine = -2;

    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>A month's or weekday's name: <c>Jan</c>, <c>Mon</c>.</summary>
    private const int NameLength = 3;

    private const int YearDigits = 4;

    /// <summary>Tokens a relay's year-first header puts between the host and the level: facility, severity, tag.</summary>
    private const int RelayTokensBeforeLevel = 3;

    private readonly SyslogYear _year;
    private readonly int _maxLineBytes;

    /// <summary>"Info: " read as a little-endian number (its 6 bytes).</summary>
    private const ulong InfoAndSpace = 0x20_3A_6F_66_6E_49;

    // Consecutive lines mostly share their second: the last header's bytes and time, to skip re-reading it.
    private readonly byte[] _lastStamp = new byte[32];
    private int _lastStampLength;
    private long _lastStampSeconds;

    public LineHeaderParser(ParserOptions options)
    {
        _year = new SyslogYear(options.Year, options.ReferenceDate);
        _maxLineBytes = options.MaxLineBytes;
    }

    /// <remarks>The common line's path inline in the reader's loop (<see cref="MailLogParser.Parse"/>), the rest apart
    /// (<see cref="ParseOther"/>).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Parse(ReadOnlySpan<byte> line, ref ParsedLine result)
    {
        if (line.Length == 0 || line.Length > _maxLineBytes)
        {
            return -1;
        }

        // One pass for the common line (printable ASCII only); a tab or non-ASCII text takes the two exact checks.
        // One vectorised scan instead of two, part of the parser change that cut parse's CPU by 25-30 %; moving this
        // check into the reader's scan for the line break was tried and gained nothing (docs/PERFORMANCE.md).
        bool printable = Ascii.IsPrintable(line);

        // The common line first: a file-form line with the same time stamp as the line before (a weekday never reads
        // as a level or a month, so the other forms cannot claim it). Trying this before the other forms made the
        // native parse of 300 MB 5 % faster (median wall ratio 0.95, 12 alternating pairs, docs/PERFORMANCE.md).
        if (printable && StartsWithLastStamp(line))
        {
            return AfterLastStamp(line, ref result);
        }

        return ParseOther(line, printable, ref result);
    }

    /// <summary>Every line but the common one, apart: in one method, the registers and locals the other forms need
    /// were saved and zeroed for every line, 22 of the common line's 79 instructions (docs/PERFORMANCE.md, issue 18).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ParseOther(ReadOnlySpan<byte> line, bool printable, ref ParsedLine result)
    {
        if (!printable)
        {
            if (line.IndexOfAny(ControlBytes) >= 0)
            {
                return -1;
            }

            if (line.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && !Utf8.IsValid(line))
            {
                return -1;
            }

            if (StartsWithLastStamp(line))
            {
                return AfterLastStamp(line, ref result);
            }
        }

        int pos = 0;
        if (line[0] == '<')
        {
            int close = line[..Math.Min(line.Length, 6)].IndexOf((byte)'>');
            if (close < 2 || !AllDigits(line[1..close]))
            {
                return -1;
            }

            pos = close + 1;
            if (Ascii.SkipLiteral(line, ref pos, "1 "u8))
            {
                return ParseRfc5424(line, pos, ref result);
            }
        }

        int body = ReadLevel(line, pos, ref result);
        if (body >= 0)
        {
            return body;
        }

        if (CivilTime.Month(line, pos) != 0)
        {
            return ParseBsdSyslog(line, pos, ref result);
        }

        int afterWeekday = NameLength;
        if (pos == 0 && CivilTime.IsWeekday(line, 0) && Ascii.SkipLiteral(line, ref afterWeekday, " "u8) && afterWeekday < line.Length)
        {
            return ParseFileForm(line, afterWeekday, ref result);
        }

        // Last, so that the common forms never pay for it.
        if (pos < line.Length && Ascii.IsDigit(line[pos]))
        {
            return ParseYearFirst(line, pos, ref result);
        }

        return -1;
    }

    /// <summary>A line that starts with the last file-form line's time stamp: that time, then the level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AfterLastStamp(ReadOnlySpan<byte> line, ref ParsedLine result)
    {
        result.HasTime = true;
        result.Seconds = _lastStampSeconds;
        return ReadLevel(line, _lastStampLength, ref result);
    }

    /// <summary>
    /// Whether the line starts with the time stamp of the last file-form line: for a stamp of 16 to 32 bytes (the file
    /// form's is 25) two overlapping 16-byte compares, inline, instead of a call to the general comparison.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StartsWithLastStamp(ReadOnlySpan<byte> line)
    {
        int length = _lastStampLength;
        if (length >= Vector128<byte>.Count && line.Length >= length)
        {
            ref byte text = ref MemoryMarshal.GetReference(line);
            ref byte stamp = ref MemoryMarshal.GetArrayDataReference(_lastStamp);
            nuint tail = (nuint)(length - Vector128<byte>.Count);
            return Vector128.LoadUnsafe(ref text) == Vector128.LoadUnsafe(ref stamp)
                && Vector128.LoadUnsafe(ref text, tail) == Vector128.LoadUnsafe(ref stamp, tail);
        }

        return length > 0 && line.StartsWith(_lastStamp.AsSpan(0, length));
    }

    private int ParseFileForm(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if (!TryReadMonthDayTime(line, ref pos, out int month, out int day, out int secondsOfDay))
        {
            return -1;
        }

        int stampLength = pos + YearDigits;
        if (!Ascii.TryReadFixed(line, pos, YearDigits, out int year) || !Ascii.SkipLiteral(line, ref stampLength, " "u8)
            || !CivilTime.IsValidDate(year, month, day))
        {
            return -1;
        }

        SetLocalTime(ref result, year, month, day, secondsOfDay);
        if (stampLength <= _lastStamp.Length)
        {
            line[..stampLength].CopyTo(_lastStamp);
            _lastStampLength = stampLength;
            _lastStampSeconds = result.Seconds;
        }

        return ReadLevel(line, stampLength, ref result);
    }

    private int ParseBsdSyslog(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if (!TryReadMonthDayTime(line, ref pos, out int month, out int day, out int secondsOfDay))
        {
            return -1;
        }

        int year;
        int afterYear = pos + YearDigits;
        if (Ascii.TryReadFixed(line, pos, YearDigits, out int relayYear) && Ascii.SkipLiteral(line, ref afterYear, " "u8))
        {
            year = relayYear;
            pos = afterYear;
        }
        else
        {
            year = _year.For(month);
        }

        if (!CivilTime.IsValidDate(year, month, day))
        {
            return -1;
        }

        SetLocalTime(ref result, year, month, day, secondsOfDay);
        int colon = line[pos..].IndexOf(": "u8);
        if (colon < 0)
        {
            return -1;
        }

        int headerEnd = pos + colon;
        int space = line[pos..headerEnd].IndexOf((byte)' ');
        if (space > 0)
        {
            result.Host = new TextRange(pos, space);
        }

        int body = ReadLevel(line, headerEnd + ": "u8.Length, ref result);
        return body >= 0 ? body : NotAMailLogLine;
    }

    /// <summary>
    /// A relay's rewritten header: <c>YYYY Mmm dD HH:MM:SS host mail [info] splunk_maillogs:nopid Info: </c>
    /// (soc-course-notes-amp-dlp). The tag holds a colon that is not followed by the level, so the level is looked for
    /// at each token after the host rather than after the first colon.
    /// </summary>
    private static int ParseYearFirst(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if (!Ascii.TryReadFixed(line, pos, YearDigits, out int year))
        {
            return -1;
        }

        pos += YearDigits;
        if (!Ascii.SkipLiteral(line, ref pos, " "u8) || !TryReadMonthDayTime(line, ref pos, out int month, out int day, out int secondsOfDay)
            || !CivilTime.IsValidDate(year, month, day) || pos >= line.Length)
        {
            return -1;
        }

        SetLocalTime(ref result, year, month, day, secondsOfDay);
        int hostEnd = Ascii.TokenEnd(line, pos);
        if (hostEnd == pos || hostEnd == line.Length)
        {
            return -1;
        }

        if (line[hostEnd - 1] != ':')
        {
            result.Host = new TextRange(pos, hostEnd - pos);
        }

        pos = hostEnd + 1;
        for (int token = 0; token <= RelayTokensBeforeLevel && pos < line.Length; token++)
        {
            int body = ReadLevel(line, pos, ref result);
            if (body >= 0)
            {
                return body;
            }

            pos = Ascii.TokenEnd(line, pos) + 1;
        }

        return NotAMailLogLine;
    }

    private static int ParseRfc5424(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if (!Ascii.SkipLiteral(line, ref pos, "- "u8))
        {
            int end = Ascii.TokenEnd(line, pos);
            if (!TryReadIsoTimestamp(line[pos..end], out long utcSeconds))
            {
                return -1;
            }

            result.HasTime = true;
            result.TimeIsUtc = true;
            result.Seconds = utcSeconds;
            pos = end + 1;
        }

        int hostEnd = pos < line.Length ? Ascii.TokenEnd(line, pos) : line.Length;
        if (hostEnd <= pos)
        {
            return -1;
        }

        if (!(hostEnd - pos == 1 && line[pos] == '-'))
        {
            result.Host = new TextRange(pos, hostEnd - pos);
        }

        pos = hostEnd;
        for (int field = 0; field < 3; field++)
        {
            if (pos >= line.Length)
            {
                return -1;
            }

            pos = Ascii.TokenEnd(line, pos + 1);
        }

        pos++;
        if (pos < line.Length && line[pos] == '[')
        {
            int end = line[pos..].IndexOf("] "u8);
            if (end < 0)
            {
                return -1;
            }

            pos += end;
            Ascii.SkipLiteral(line, ref pos, "] "u8);
        }
        else if (!Ascii.SkipLiteral(line, ref pos, "- "u8))
        {
            return -1;
        }

        Ascii.SkipLiteral(line, ref pos, "\uFEFF"u8);

        int body = ReadLevel(line, pos, ref result);
        return body >= 0 ? body : NotAMailLogLine;
    }

    private static bool TryReadIsoTimestamp(ReadOnlySpan<byte> s, out long utcSeconds)
    {
        utcSeconds = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Ascii.TryReadFixed(s, 0, 4, out int year) || !Ascii.TryReadFixed(s, 5, 2, out int month)
            || !Ascii.TryReadFixed(s, 8, 2, out int day) || !Ascii.TryReadFixed(s, 11, 2, out int hour)
            || !Ascii.TryReadFixed(s, 14, 2, out int minute) || !Ascii.TryReadFixed(s, 17, 2, out int second)
            || !CivilTime.IsValidDate(year, month, day) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        int pos = 19;
        if (s[pos] == '.')
        {
            pos++;
            while (pos < s.Length && Ascii.IsDigit(s[pos]))
            {
                pos++;
            }
        }

        long offset = 0;
        if (pos < s.Length && s[pos] == 'Z' && pos == s.Length - 1)
        {
            offset = 0;
        }
        else if (pos + 6 == s.Length && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':'
            && Ascii.TryReadFixed(s, pos + 1, 2, out int offHours) && Ascii.TryReadFixed(s, pos + 4, 2, out int offMinutes))
        {
            offset = ((offHours * 3600) + (offMinutes * 60)) * (s[pos] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        utcSeconds = CivilTime.ToSeconds(year, month, day, hour, minute, Math.Min(second, 59)) - offset;
        return true;
    }

    /// <summary><c>Mmm dD HH:MM:SS </c> with the day space-padded or not.</summary>
    private static bool TryReadMonthDayTime(ReadOnlySpan<byte> line, ref int pos, out int month, out int day, out int secondsOfDay)
    {
        day = 0;
        secondsOfDay = 0;
        month = CivilTime.Month(line, pos);
        int p = pos + NameLength;
        if (month == 0 || !Ascii.SkipLiteral(line, ref p, " "u8))
        {
            return false;
        }

        p = Ascii.SkipSpaces(line, p);
        int dayStart = p;
        while (p < line.Length && Ascii.IsDigit(line[p]) && p - dayStart < 2)
        {
            day = (day * 10) + (line[p] - '0');
            p++;
        }

        if (p == dayStart || !Ascii.Follows(line, p, " "u8))
        {
            return false;
        }

        p++;

        // "HH:MM:SS ": fixed columns.
        if (p + 9 > line.Length || line[p + 2] != ':' || line[p + 5] != ':' || line[p + 8] != ' '
            || !Ascii.TryReadFixed(line, p, 2, out int hour) || !Ascii.TryReadFixed(line, p + 3, 2, out int minute)
            || !Ascii.TryReadFixed(line, p + 6, 2, out int second) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        secondsOfDay = (hour * 3600) + (minute * 60) + Math.Min(second, 59);
        pos = p + 9;
        return true;
    }

    private static void SetLocalTime(ref ParsedLine result, int year, int month, int day, int secondsOfDay)
    {
        result.HasTime = true;
        result.Seconds = (CivilTime.DaysFromCivil(year, month, day) * 86400) + secondsOfDay;
    }

    /// <summary>Reads <c>Level: </c> at <paramref name="pos"/>; returns the body's offset or -1. <c>Info: </c>, on nearly
    /// every line, by one 8-byte compare, inline, before the general switch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLevel(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if ((uint)pos <= (uint)line.Length && line.Length - pos >= sizeof(ulong)
            && (BinaryPrimitives.ReadUInt64LittleEndian(line[pos..]) & 0xFFFF_FFFF_FFFF) == InfoAndSpace)
        {
            result.Level = LogLevel.Info;
            return pos + 6;
        }

        return ReadAnyLevel(line, pos, ref result);
    }

    private static int ReadAnyLevel(ReadOnlySpan<byte> line, int pos, ref ParsedLine result)
    {
        if (pos >= line.Length)
        {
            return -1;
        }

        int body = pos;
        var level = line[pos] switch
        {
            (byte)'I' when Ascii.SkipLiteral(line, ref body, "Info:"u8) => LogLevel.Info,
            (byte)'W' when Ascii.SkipLiteral(line, ref body, "Warning:"u8) => LogLevel.Warning,
            (byte)'C' when Ascii.SkipLiteral(line, ref body, "Critical:"u8) => LogLevel.Critical,
            (byte)'D' when Ascii.SkipLiteral(line, ref body, "Debug:"u8) => LogLevel.Debug,
            (byte)'T' when Ascii.SkipLiteral(line, ref body, "Trace:"u8) => LogLevel.Trace,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None)
        {
            return -1;
        }

        // "Info:" ends the line, or a space separates it from the text.
        if (body < line.Length && !Ascii.SkipLiteral(line, ref body, " "u8))
        {
            return -1;
        }

        result.Level = level;
        return body;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if (!Ascii.IsDigit(b))
            {
                return false;
            }
        }

        return true;
    }
}

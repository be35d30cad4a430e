using CsCheck;
using static System.FormattableString;

namespace EsaBridge.Tests.Properties;

/// <summary>
/// Lines that are malformed by construction, each for a reason the contract names (binary bytes, invalid UTF-8, no
/// header or level, an unreadable number, a cut shape). Many of them name the sample's own MIDs and ICIDs, so a parser
/// that half-read one would change a document.
/// </summary>
public static class GarbageGen
{
    /// <summary>Control bytes the parser rejects anywhere in a line. Not CR (a trailing one is dropped), not TAB.</summary>
    private static readonly Gen<byte[]> ControlByte = Gen.OneOf<byte[]>([0x00], [0x01], [0x08], [0x0A], [0x0B], [0x0C], [0x1B], [0x7F]);

    /// <summary>
    /// Byte sequences that make any UTF-8 text invalid wherever they are inserted: bytes that never occur in UTF-8,
    /// overlong forms, a surrogate, a code point above U+10FFFF, a lone lead byte, a truncated lead, a lone continuation
    /// (it unbalances the count of continuation bytes).
    /// </summary>
    private static readonly Gen<byte[]> InvalidUtf8 = Gen.OneOf<byte[]>(
        [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC3], [0xE2, 0x82], [0x80]);

    /// <summary>Random bytes with at least one NUL.</summary>
    public static readonly Gen<byte[]> BytesWithNul = Gen.Select(
        Gen.Byte.Array[0, 120], Gen.Int[0, 1000], (bytes, at) => Insert(bytes, at % (bytes.Length + 1), [0]));

    /// <summary>Printable ASCII whose first character cannot begin a header: not '&lt;', not an upper-case letter.</summary>
    public static readonly Gen<byte[]> HeaderlessAscii = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789 :.-[("],
        Gen.Char[' ', '~'].Array[0, 100],
        (first, rest) => LogText.Utf8(first + new string(rest)));

    /// <summary>A digit string that overflows a long (at least 20 digits, no leading zero).</summary>
    private static readonly Gen<string> Huge =
        Gen.Select(Gen.Char['1', '9'], Gen.Char['0', '9'].Array[19, 30], (first, rest) => first + new string(rest));

    private static readonly Func<long, long, string, string>[] OverflowShapes =
    [
        (m, i, h) => Invariant($"Start MID {h} ICID {i}"),
        (m, i, h) => Invariant($"Start MID {m} ICID {h}"),
        (m, i, h) => Invariant($"MID {h} ICID {i} From: <x@example.com>"),
        (m, i, h) => Invariant($"MID {m} ICID {h} From: <x@example.com>"),
        (m, i, h) => Invariant($"MID {m} ICID {i} RID {h} To: <x@example.com>"),
        (m, i, h) => Invariant($"MID {m} ready {h} bytes from <x@example.com>"),
        (m, i, h) => Invariant($"MID {h} Subject 'x'"),
        (m, i, h) => Invariant($"Message aborted MID {h} Receiving aborted"),
        (m, i, h) => Invariant($"Message finished MID {h} done"),
        (m, i, h) => Invariant($"ICID {h} lost"),
        (m, i, h) => Invariant($"ICID {h} close"),
        (m, i, h) => Invariant($"New SMTP ICID {h} interface Data 1 (10.0.0.5) address 10.9.9.9 reverse dns host x.example verified yes"),
        (m, i, h) => Invariant($"Delivery start DCID {h} MID {m} to RID [0]"),
        (m, i, h) => Invariant($"Message done DCID 7 MID {h} to RID [0]"),
        (m, i, h) => Invariant($"Time offset from UTC: {h} seconds"),
    ];

    /// <summary>Recognised shapes with a broken part, naming real MIDs and ICIDs.</summary>
    private static readonly Func<long, long, string>[] BrokenShapes =
    [
        (m, i) => Invariant($"Message finished MID {m} Done"),
        (m, i) => Invariant($"Message finished MID {m} donee"),
        (m, i) => Invariant($"Message finished MID {m} completed"),
        (m, i) => Invariant($"Message finished MID {m} aborted!"),
        (m, i) => Invariant($"MID {m} ICID {i} RID x To: <x@example.com>"),
        (m, i) => Invariant($"MID {m} ICID x From: <x@example.com>"),
        (m, i) => Invariant($"MID {m} ready many bytes from <x@example.com>"),
        (m, i) => Invariant($"MID {m}x queued for delivery"),
        (m, i) => Invariant($"Start MID {m} ICID"),
        (m, i) => Invariant($"Start MID {m} ICID x{i}"),
        (m, i) => Invariant($"Message aborted MID x{m} Receiving aborted"),
        (m, i) => Invariant($"New SMTP ICID {i} interface Data 1 (10.0.0.5)"),
        (m, i) => Invariant($"New SMTP ICID {i} interface Data 1 (10.0.0.5) address "),
        (m, i) => Invariant($"New SMTP ICID {i} address 10.9.9.9"),
        (m, i) => Invariant($"Time offset from UTC: 99999 seconds"),
        (m, i) => Invariant($"Time offset from UTC: soon seconds"),
        (m, i) => Invariant($"Delivery start DCID x MID {m} to RID [0]"),
        (m, i) => Invariant($"Message done DCID 7 MID x{m} to RID [0]"),
        (m, i) => Invariant($"Bounced: DCID x7 MID {m} to RID 0 - 5.1.0 - Unknown address error"),
        (m, i) => Invariant($"New SMTP DCID x{i} interface 10.0.0.5 address 10.9.9.9 port 25"),
        (m, i) => Invariant($"New SMTP DCID {i} interface 10.0.0.5"),
        (m, i) => Invariant($"MID {m} RID Response 'queued as 9C8B425DA7'"),
        (m, i) => Invariant($"MID {m} quarantined to \"Policy"),
        (m, i) => Invariant($"MID {m} released from quarantine \""),
        (m, i) => Invariant($"ISQ: Quarantined MID x{m}"),
        (m, i) => Invariant($"EUQ: Quarantined MID "),
        (m, i) => Invariant($"ICID x{i} lost"),
    ];

    /// <summary>Bodies that would change a document if their header were accepted.</summary>
    private static readonly Func<long, long, string>[] HarmfulBodies =
    [
        (m, i) => Invariant($"ICID {i} lost"),
        (m, i) => Invariant($"Message aborted MID {m} Receiving aborted"),
        (m, i) => Invariant($"Message finished MID {m} aborted"),
        (m, i) => Invariant($"Start MID {m} ICID {i}"),
        (m, i) => Invariant($"MID {m} ICID {i} RID 9 To: <x@example.com>"),
    ];

    /// <summary>File-form headers that are not: impossible dates and times, wrong levels, a broken PRI.</summary>
    private static readonly Func<string, string>[] BadHeaders =
    [
        ts => "Sat Feb 30 10:00:00 2014 Info: ",
        ts => "Mon Feb 29 10:00:00 2014 Info: ",
        ts => "Thu Apr 31 10:00:00 2014 Info: ",
        ts => "Thu Sep 31 10:00:00 2014 Info: ",
        ts => "Thu Aug  0 10:00:00 2014 Info: ",
        ts => "Thu Aug 32 10:00:00 2014 Info: ",
        ts => "Thu Aug  7 24:00:00 2014 Info: ",
        ts => "Thu Aug  7 10:60:00 2014 Info: ",
        ts => "Thu Aug  7 10:00:61 2014 Info: ",
        ts => "Thu Aug  7 10:00:00 1969 Info: ",
        ts => "Thu Aug  7 10:00 2014 Info: ",
        ts => "Thu Aug  7 10:00:00 14 Info: ",
        ts => ts + " Notice: ",
        ts => ts + " info: ",
        ts => ts + " INFO: ",
        ts => ts + " Information: ",
        ts => ts + " Info:",
        ts => ts + "  Info: ",
        ts => ts + " ",
        ts => "<1234567>" + ts + " Info: ",
        ts => "<ab>" + ts + " Info: ",
        ts => "<>" + ts + " Info: ",
    ];

    /// <summary>One malformed line; realLines are the sample's file-form lines, mids/icids/times its ids and times.</summary>
    public static Gen<byte[]> Malformed(IReadOnlyList<string> realLines, IReadOnlyList<long> mids, IReadOnlyList<long> icids, IReadOnlyList<long> times)
    {
        var line = Gen.Int[0, realLines.Count - 1].Select(i => LogText.Utf8(realLines[i]));
        var mid = Gen.Int[0, mids.Count - 1].Select(i => mids[i]);
        var icid = Gen.Int[0, icids.Count - 1].Select(i => icids[i]);
        var timestamp = Gen.Int[0, times.Count - 1].Select(i => LogText.FileTimestamp(times[i]));

        var withInvalidUtf8 = Gen.Select(line, Gen.Int[0, 100_000], InvalidUtf8, (bytes, at, bad) => Insert(bytes, at % (bytes.Length + 1), bad));
        var withControlByte = Gen.Select(line, Gen.Int[0, 100_000], ControlByte, (bytes, at, bad) => Insert(bytes, at % (bytes.Length + 1), bad));

        // "Www Mmm dD HH:MM:SS YYYY Info" and anything shorter: the level's colon is missing.
        var cutInHeader = Gen.Select(line, Gen.Int[0, LogText.FileTimestampLength + 5], (bytes, end) => bytes[..end]);

        // A piece starting at offset 1-3 or 5-24: its first byte is lower case, a space, a digit or a colon, so no
        // header, level or syslog month can start there (offset 0 is the weekday, 4 the month, 25 the level).
        var cutFromHeader = Gen.Select(
            line,
            Gen.OneOf<int>(Gen.Int[1, 3], Gen.Int[5, LogText.FileTimestampLength]),
            Gen.Int[0, 100_000],
            (bytes, start, length) => bytes[start..(start + (length % (bytes.Length - start + 1)))]);

        var overflow = Gen.Select(
            Gen.Int[0, OverflowShapes.Length - 1], mid, icid, Huge, timestamp,
            (shape, m, i, h, ts) => LogText.Utf8(ts + " Info: " + OverflowShapes[shape](m, i, h)));

        var broken = Gen.Select(
            Gen.Int[0, BrokenShapes.Length - 1], mid, icid, timestamp,
            (shape, m, i, ts) => LogText.Utf8(ts + " Info: " + BrokenShapes[shape](m, i)));

        var badHeader = Gen.Select(
            Gen.Int[0, BadHeaders.Length - 1], Gen.Int[0, HarmfulBodies.Length - 1], mid, icid, timestamp,
            (header, body, m, i, ts) => LogText.Utf8(BadHeaders[header](ts) + HarmfulBodies[body](m, i)));

        return Gen.OneOf<byte[]>(
            BytesWithNul, withInvalidUtf8, withControlByte, cutInHeader, cutFromHeader, overflow, broken, badHeader, HeaderlessAscii);
    }

    /// <summary>
    /// A piece line[a..b] with b &lt; the line's length, so never a whole line (and never a whole <c>Message finished</c>).
    /// Half the pieces keep the file header (a = 0) and a quarter start at the level (a = 25, a headerless line that
    /// borrows the previous line's time), so most of them are truncated lines that still parse; the rest start anywhere.
    /// Pieces of phantom sessions' lines may parse: they can only name phantom ids.
    /// </summary>
    public static Gen<byte[]> ArbitraryCut(IReadOnlyList<string> lines) => Gen.Select(
        Gen.Int[0, lines.Count - 1], Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Int[0, 100_000],
        (i, startKind, x, y) =>
        {
            byte[] bytes = LogText.Utf8(lines[i]);
            int end = y % bytes.Length;
            int start = startKind switch
            {
                0 or 1 => 0,
                2 => Math.Min(LogText.FileTimestampLength + 1, end),
                _ => x % (end + 1),
            };
            return bytes[start..end];
        });

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)];
}

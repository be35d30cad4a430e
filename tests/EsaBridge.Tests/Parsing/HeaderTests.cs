using System.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>Timestamps, syslog headers and the traps the reference lists.</summary>
public class HeaderTests
{
    [Theory]
    [MemberData(nameof(LineForms.Timed), MemberType = typeof(LineForms))]
    public void EveryTimedFormGivesTheSameWallClockTime(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form, "ICID 1 close"));
        Assert.True(p.Line.HasTime);
        Assert.Equal(LineForms.Seconds, p.Line.Seconds);
        Assert.Equal(form == LineForms.Rfc5424, p.Line.TimeIsUtc);
    }

    [Theory]
    [InlineData(LineForms.Syslog, "esa1.example.com")]
    [InlineData(LineForms.SyslogNoPri, "esa1.example.com")]
    [InlineData(LineForms.SyslogRelayYear, "esa1.example.com")]
    [InlineData(LineForms.SyslogIpHost, "10.0.1.1")]
    [InlineData(LineForms.SyslogRelayRewritten, "esa1.example.com")]
    [InlineData(LineForms.Rfc5424, "esa1.example.com")]
    [InlineData(LineForms.FileForm, "")]
    [InlineData(LineForms.Headerless, "")]
    public void SyslogHostIsTheAppliance(string form, string host)
    {
        Assert.Equal(host, ParsedText.Of(LineForms.Render(form, "ICID 1 close")).Host);
    }

    [Fact]
    public void HeaderlessLineHasNoTime()
    {
        var p = ParsedText.Of("Info: ICID 52525189 ACCEPT SG None match  SBRS 3.7");
        Assert.False(p.Line.HasTime);
        Assert.Equal(LineKind.IcidPolicy, p.Kind);
    }

    [Theory]
    [InlineData("2019 Sep 28 16:13:51 ironport_server mail [info] splunk_maillogs:nopid Info: MID 6509657 quarantined to \"Policy\" (DLP violation)", LineKind.MidQuarantine)]
    [InlineData("2019 Sep 28 16:13:38 ironport_server mail [info] splunk_maillogs:nopid Info: MID 6509657 ICID 6237668 RID 0 To: johndoe@exampletwo.com", LineKind.MidTo)]
    public void RelayYearFirstHeader_RealLines(string line, LineKind kind)
    {
        var p = ParsedText.Of(line);
        Assert.Equal(kind, p.Kind);
        Assert.Equal("ironport_server", p.Host);
        Assert.Equal(6509657, p.Line.Mid);
        Assert.Equal(new DateTime(2019, 9, 28), DateTimeOffset.FromUnixTimeSeconds(p.Line.Seconds).Date);
    }

    /// <summary>One real line of each header variant in docs/esa-mail-log-reference.md (the sample files name the sources).</summary>
    [Theory]
    [InlineData("<166>Mar 17 18:24:37 mail_logs: Info: Start MID 6 ICID 5", "", LineKind.StartMid)] // elastic-secure-email-gateway-text-mail
    [InlineData("<94>Nov 24 14:22:57 REDACTED.africa.example.net mail_logs: Info: Start MID 204841507 ICID 146047847", "REDACTED.africa.example.net", LineKind.StartMid)] // idem
    [InlineData("Aug  2 23:59:52 10.0.1.1 MAIL_SecurityAudit: Info: MID 308049623 using engine: SPF Verdict Cache using cached verdict", "10.0.1.1", null)] // sc4s-test-lines
    [InlineData("Oct 19 06:33:29 2011 mx07.lnh.mail.rcn.net syslog_mail: Info: ICID 2106327026 ACCEPT SG GOOD match 205.188.105.0/24", "mx07.lnh.mail.rcn.net", LineKind.IcidPolicy)] // returnpath-ironport-parser-comment-lines
    [InlineData("Jul 16 10:46:46 2013 dummy_source_Domain2 mail_logs: Info: Version: 8.7.2-001 SN: 942B2B684C96-29WTPQ2", "dummy_source_Domain2", null)] // sc4s-test-lines
    [InlineData("Jul 23 12:23:59 SplunkMailSyslog: Info: SenderBase upload: 734 hosts totaling 201887 bytes", "", LineKind.NotUsed)] // idem
    [InlineData("2019 Sep 28 16:13:51 ironport_server mail [info] splunk_maillogs:nopid Info: MID 6509657 DLP violation", "ironport_server", null)] // soc-course-notes-amp-dlp
    public void EveryHeaderVariantOfTheReference_RealLines(string line, string host, LineKind? kind)
    {
        var p = ParsedText.Of(line);
        Assert.NotEqual(LineKind.Malformed, p.Kind);
        Assert.True(p.Line.HasTime);
        Assert.Equal(LogLevel.Info, p.Line.Level);
        Assert.Equal(host, p.Host);
        if (kind is { } expected)
        {
            Assert.Equal(expected, p.Kind);
        }
    }

    [Theory]
    [InlineData("2019 Sep 28 16:13:51 ironport_server cron [info] crond:nopid (root) CMD (run-parts)", LineKind.NotUsed)]
    [InlineData("2019 Sep 31 16:13:51 ironport_server mail [info] splunk_maillogs:nopid Info: ICID 1 close", LineKind.Malformed)]
    [InlineData("2019 Sep 28 16:13:51 ironport_server", LineKind.Malformed)]
    [InlineData("2019-09-28 16:13:51 Info: ICID 1 close", LineKind.Malformed)]
    public void RelayYearFirstHeader_OtherProgramsAndBrokenDates(string line, LineKind kind)
    {
        Assert.Equal(kind, ParsedText.Of(line).Kind);
    }

    [Fact]
    public void NewSmtpIcidInLowerCase_TechNote118500()
    {
        var p = ParsedText.Of("Wed Jul 20 19:47:40 2005 Info: New smtp ICID 282204970 interface Management (10.10.10.1) address 192.168.1.1 reverse dns host unknown verified no");
        Assert.Equal(LineKind.NewIcid, p.Kind);
        Assert.Equal(282204970, p.Line.Icid);
    }

    [Fact]
    public void SyslogTagWithoutHost()
    {
        var p = ParsedText.Of("Jul 23 12:23:59 SplunkMailSyslog: Info: Start MID 5 ICID 6");
        Assert.Equal(LineKind.StartMid, p.Kind);
        Assert.Equal(string.Empty, p.Host);
    }

    [Theory]
    [InlineData("Tue Jun  1 20:02:16 2004 Info: ICID 1 close", 2004, 6, 1)]
    [InlineData("Tue Aug 3 16:36:29 2004 Info: ICID 1 close", 2004, 8, 3)]
    [InlineData("Wed Jun 16 21:42:38 2004 Info: ICID 1 close", 2004, 6, 16)]
    public void DayOfMonthPaddedOrNot(string line, int year, int month, int day)
    {
        var p = ParsedText.Of(line);
        Assert.Equal(LineKind.IcidClose, p.Kind);
        Assert.Equal(year, DateTimeOffset.FromUnixTimeSeconds(p.Line.Seconds).Year);
        Assert.Equal(month, DateTimeOffset.FromUnixTimeSeconds(p.Line.Seconds).Month);
        Assert.Equal(day, DateTimeOffset.FromUnixTimeSeconds(p.Line.Seconds).Day);
    }

    [Fact]
    public void SyslogYear_InferredAcrossTheDecemberJanuaryTurn()
    {
        var inJanuary = new ParserOptions { ReferenceDate = new DateOnly(2027, 1, 2) };
        var december = ParsedText.Of("<22>Dec 31 23:59:59 esa1 mail_logs: Info: ICID 1 close", inJanuary);
        var january = ParsedText.Of("<22>Jan  1 00:00:01 esa1 mail_logs: Info: ICID 1 close", inJanuary);

        Assert.Equal(2026, DateTimeOffset.FromUnixTimeSeconds(december.Line.Seconds).Year);
        Assert.Equal(2027, DateTimeOffset.FromUnixTimeSeconds(january.Line.Seconds).Year);
    }

    [Fact]
    public void SyslogYear_FixedYearRollsOverInTheStream()
    {
        var parser = new MailLogParser(new ParserOptions { Year = 2025 });
        parser.Parse("<22>Dec 31 23:59:59 esa1 mail_logs: Info: ICID 1 close"u8, out var december);
        parser.Parse("<22>Jan  1 00:00:01 esa1 mail_logs: Info: ICID 1 close"u8, out var january);

        Assert.Equal(2025, DateTimeOffset.FromUnixTimeSeconds(december.Seconds).Year);
        Assert.Equal(2026, DateTimeOffset.FromUnixTimeSeconds(january.Seconds).Year);
    }

    [Fact]
    public void Rfc5424OffsetIsApplied()
    {
        var p = ParsedText.Of("<22>1 2014-08-14T13:04:31.123+02:00 esa1 mail_logs 1234 - [meta x=\"1\"] \uFEFFInfo: ICID 1 close");
        Assert.Equal(LineKind.IcidClose, p.Kind);
        Assert.Equal(LineForms.Seconds, p.Line.Seconds);
        Assert.True(p.Line.TimeIsUtc);
    }

    [Fact]
    public void CarriageReturnAtTheEndIsIgnored()
    {
        var p = ParsedText.Of("Thu Aug 14 11:05:36 2014 Info: Message finished MID 1404 aborted\r");
        Assert.Equal((LineKind.MessageFinished, true), (p.Kind, p.Line.FinishedAborted));
    }

    [Theory]
    [InlineData("m.test, env-from: cisco.com, header-from: Not Present, reply-to: Not Present")]
    [InlineData("i Sep  8 05:21:31 2023 Info: MID 4 ICID 4 From: ******@domainsample1.com")]
    [InlineData("Thu Aug 14 11:0")]
    [InlineData("Thu Aug 14 11:04:31 2014")]
    [InlineData("Thu Aug 14 11:04:31 2014 Information: ICID 1 close")]
    [InlineData("Thu Aug 32 11:04:31 2014 Info: ICID 1 close")]
    [InlineData("Thu Aug 14 25:04:31 2014 Info: ICID 1 close")]
    [InlineData("<22 Aug 14 11:04:31 esa1 mail_logs: Info: ICID 1 close")]
    [InlineData("Aug 14 11:04:31 esa1 mail_logs Info ICID 1 close")]
    [InlineData("Feb 30 11:04:31 2014 esa1 mail_logs: Info: ICID 1 close")]
    [InlineData("Thu Aug 14 11:04:31 2014 Info: Start MID 99999999999999999999 ICID 1")]
    [InlineData("Thu Aug 14 11:04:31 2014 Info: Message finished MID 1404 maybe")]
    [InlineData("Thu Aug 14 11:04:31 2014 Info: MID 1404 ready lots bytes from <a@b>")]
    [InlineData("")]
    public void BrokenLinesAreMalformed(string line)
    {
        Assert.Equal(LineKind.Malformed, ParsedText.Of(line).Kind);
    }

    [Theory]
    [InlineData("Dec  6 06:00:00 host sshd[811]: Accepted publickey for admin from 192.0.2.1 port 50022 ssh2")]
    [InlineData("<38>Dec  6 06:00:00 host sshd[811]: Accepted publickey for admin")]
    [InlineData("<165>1 2026-12-06T06:00:00Z host cron 12 - - (root) CMD (run-parts /etc/cron.hourly)")]
    [InlineData("Dec  6 06:00:00 esa1 mail_logs: Information: not a level this parser knows")]
    public void WellFormedSyslogLinesOfOtherProgramsAreNotUsedNotMalformed(string line)
    {
        Assert.Equal(LineKind.NotUsed, ParsedText.Of(line).Kind);
    }

    [Fact]
    public void BinaryBytesInvalidUtf8AndOverlongLinesAreMalformed()
    {
        byte[] prefix = Encoding.ASCII.GetBytes("Thu Aug 14 11:04:31 2014 Info: MID 5 Subject '");
        byte[] withNul = [.. prefix, 0x41, 0x00, 0x42, (byte)'\''];
        byte[] invalidUtf8 = [.. prefix, 0xC3, 0x28, 0xFF, (byte)'\''];
        byte[] overlong = [.. prefix, .. Enumerable.Repeat((byte)'x', 70_000), (byte)'\''];
        byte[] validUtf8 = [.. prefix, .. Encoding.UTF8.GetBytes("Réunion"), (byte)'\''];

        Assert.Equal(LineKind.Malformed, ParsedText.Of(withNul).Kind);
        Assert.Equal(LineKind.Malformed, ParsedText.Of(invalidUtf8).Kind);
        Assert.Equal(LineKind.Malformed, ParsedText.Of(overlong).Kind);
        Assert.Equal(LineKind.MidSubject, ParsedText.Of(validUtf8).Kind);
    }

    [Theory]
    [InlineData("Info", LogLevel.Info)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("Critical", LogLevel.Critical)]
    [InlineData("Debug", LogLevel.Debug)]
    [InlineData("Trace", LogLevel.Trace)]
    public void EveryLevelIsReadInEveryForm(string word, LogLevel level)
    {
        foreach (string form in LineForms.All)
        {
            var p = ParsedText.Of(LineForms.Render(form, "ICID 1 close", word));
            Assert.Equal((form, level, LineKind.IcidClose, 1L), (form, p.Line.Level, p.Kind, p.Line.Icid));
        }
    }

    /// <summary>A level word that ends the line (with or without its space) is a level with an empty text.</summary>
    [Theory]
    [InlineData("Thu Aug 14 11:04:31 2014 Info:", LogLevel.Info)]
    [InlineData("Thu Aug 14 11:04:31 2014 Info: ", LogLevel.Info)]
    [InlineData("Thu Aug 14 11:04:31 2014 Info: x", LogLevel.Info)]
    [InlineData("Thu Aug 14 11:04:31 2014 Warning:", LogLevel.Warning)]
    [InlineData("Thu Aug 14 11:04:31 2014 Trace:", LogLevel.Trace)]
    [InlineData("<22>Aug 14 11:04:31 esa1.example.com mail_logs: Info:", LogLevel.Info)]
    [InlineData("Info:", LogLevel.Info)]
    public void LevelWordAtTheEndOfTheLine(string line, LogLevel level)
    {
        var p = ParsedText.Of(line);
        Assert.Equal((level, LineKind.NotUsed), (p.Line.Level, p.Kind));
    }

    /// <summary>
    /// A word that only starts like a level is none: the file form and a bare line are malformed, a syslog line is
    /// another program's; after a line with the same time stamp (the parser's shortcut) as well.
    /// </summary>
    [Theory]
    [InlineData("Infox ICID 1 close")]
    [InlineData("Info:x ICID 1 close")]
    [InlineData("Info:ICID 1 close")]
    [InlineData("Info:\tICID 1 close")]
    [InlineData("Info ICID 1 close")]
    [InlineData("info: ICID 1 close")]
    [InlineData("INFO: ICID 1 close")]
    [InlineData("Infos: ICID 1 close")]
    [InlineData("Info:x")]
    [InlineData("Infox")]
    [InlineData("Warning:x ICID 1 close")]
    [InlineData("Debugx ICID 1 close")]
    public void AWordThatOnlyStartsLikeALevelIsNotOne(string text)
    {
        var parser = new MailLogParser(new ParserOptions { Year = 2014 });
        parser.Parse(Encoding.ASCII.GetBytes(LineForms.Render(LineForms.FileForm, "ICID 1 close")), out var before);
        Assert.Equal(LineKind.IcidClose, before.Kind);

        parser.Parse(Encoding.ASCII.GetBytes("Thu Aug 14 11:04:31 2014 " + text), out var sameStamp);
        Assert.Equal(LineKind.Malformed, sameStamp.Kind);
        Assert.Equal(LineKind.Malformed, ParsedText.Of("Thu Aug 14 11:04:31 2014 " + text).Kind);
        Assert.Equal(LineKind.Malformed, ParsedText.Of(text).Kind);
        Assert.Equal(LineKind.NotUsed, ParsedText.Of("<22>Aug 14 11:04:31 esa1.example.com mail_logs: " + text).Kind);
        Assert.Equal(LineKind.NotUsed, ParsedText.Of("2014 Aug 14 11:04:31 esa1.example.com mail [info] splunk_maillogs:nopid " + text).Kind);
    }

    /// <summary>
    /// A file-form line right after one whose time stamp differs in a single byte gets its own time, whichever byte
    /// it is (the parser compares the stamp with the last line's to skip reading it again).
    /// </summary>
    [Theory]
    [InlineData("Thu Aug 14 11:04:31 2014", "Fri Aug 14 11:04:31 2014", "2014-08-14 11:04:31")] // byte 0
    [InlineData("Thu Jun 14 11:04:31 2014", "Thu Jul 14 11:04:31 2014", "2014-07-14 11:04:31")] // byte 6
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 24 11:04:31 2014", "2014-08-24 11:04:31")] // byte 8
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 15 11:04:31 2014", "2014-08-15 11:04:31")] // byte 9
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 21:04:31 2014", "2014-08-14 21:04:31")] // byte 11
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 12:04:31 2014", "2014-08-14 12:04:31")] // byte 12
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:14:31 2014", "2014-08-14 11:14:31")] // byte 14
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:05:31 2014", "2014-08-14 11:05:31")] // byte 15
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:04:41 2014", "2014-08-14 11:04:41")] // byte 17
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:04:32 2014", "2014-08-14 11:04:32")] // byte 18
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:04:31 2024", "2024-08-14 11:04:31")] // byte 22
    [InlineData("Thu Aug 14 11:04:31 2014", "Thu Aug 14 11:04:31 2015", "2015-08-14 11:04:31")] // byte 23
    [InlineData("Tue Aug  3 16:36:29 2004", "Tue Aug  4 16:36:29 2004", "2004-08-04 16:36:29")] // padded day, byte 9
    [InlineData("Tue Aug 3 16:36:29 2004", "Tue Aug 4 16:36:29 2004", "2004-08-04 16:36:29")] // 24-byte stamp, byte 8
    [InlineData("Tue Aug 3 16:36:29 2004", "Tue Aug 3 16:36:28 2004", "2004-08-03 16:36:28")] // 24-byte stamp, byte 17
    [InlineData("Tue Aug 3 16:36:29 2004", "Tue Aug 3 16:36:29 2005", "2005-08-03 16:36:29")] // 24-byte stamp, byte 22
    [InlineData("Tue Aug 3 16:36:29 2004", "Tue Aug 13 16:36:29 2004", "2004-08-13 16:36:29")] // one byte longer
    [InlineData("Tue Aug 13 16:36:29 2004", "Tue Aug 3 16:36:29 2004", "2004-08-03 16:36:29")] // one byte shorter
    public void ConsecutiveFileFormLinesWhoseStampsDifferInOneByteEachGetTheirOwnTime(string first, string second, string expected)
    {
        var parser = new MailLogParser(new ParserOptions());
        long Parse(string stamp)
        {
            parser.Parse(Encoding.ASCII.GetBytes(stamp + " Info: ICID 1 close"), out var parsed);
            Assert.Equal((LineKind.IcidClose, true), (parsed.Kind, parsed.HasTime));
            return parsed.Seconds;
        }

        long firstSeconds = Parse(first);
        long secondSeconds = Parse(second);
        long firstAgain = Parse(first);

        Assert.Equal(UnixSeconds(expected), secondSeconds);
        Assert.Equal(firstSeconds, firstAgain);
        Assert.Equal(ParsedText.Of(first + " Info: ICID 1 close", new ParserOptions()).Line.Seconds, firstSeconds);
    }

    /// <summary>After a file-form line, a line cut inside its stamp or right after it is malformed, not read with the last time.</summary>
    [Theory]
    [InlineData("Thu Aug 14 11:04:31 2014 ")]
    [InlineData("Thu Aug 14 11:04:31 2014")]
    [InlineData("Thu Aug 14 11:04:31 201")]
    [InlineData("Thu Aug 14 11:04:31")]
    [InlineData("Thu Aug 14")]
    [InlineData("Thu Aug 14 11:04:31 2014 Info")]
    public void ALineCutInTheLastLinesStampIsMalformed(string line)
    {
        var parser = new MailLogParser(new ParserOptions { Year = 2014 });
        parser.Parse("Thu Aug 14 11:04:31 2014 Info: ICID 1 close"u8, out var before);
        parser.Parse(Encoding.ASCII.GetBytes(line), out var cut);

        Assert.Equal(LineKind.IcidClose, before.Kind);
        Assert.Equal(LineKind.Malformed, cut.Kind);
    }

    private static long UnixSeconds(string localTime) => new DateTimeOffset(
        DateTime.ParseExact(localTime, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();

    private const string Alphabet = "MIDICS 0123456789:<>'\" abcdefghijklmnop";

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(42);
        var parser = new MailLogParser(new ParserOptions());
        var prefixes = new[] { "", "<22>", "Thu Aug 14 11:04:31 2014 Info: ", "Aug 14 11:04:31 esa1 t: Info: ", "<1>1 " };
        for (int i = 0; i < 20_000; i++)
        {
            byte[] tail = new byte[random.Next(0, 120)];
            random.NextBytes(tail);
            for (int j = 0; j < tail.Length; j++)
            {
                if (random.Next(3) > 0)
                {
                    tail[j] = (byte)Alphabet[tail[j] % Alphabet.Length];
                }
            }

            byte[] line = [.. Encoding.ASCII.GetBytes(prefixes[i % prefixes.Length]), .. tail];
            parser.Parse(line, out var parsed);
            Assert.True(Enum.IsDefined(parsed.Kind));
        }
    }
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

public class SessionizerTests
{
    private static string L(string time, string body) => $"Thu Aug 14 {time} 2014 Info: {body}";

    [Fact]
    public void SeveralMessagesOnOneConnectionShareItsContext()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "New SMTP ICID 5 interface Data 1 (10.0.0.5) address 203.0.113.7 reverse dns host mx.partner.example verified yes"),
            L("10:00:00", "ICID 5 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 2.5 country France"),
            L("10:00:00", "ICID 5 TLS success protocol TLSv1.3 cipher TLS_AES_256_GCM_SHA384"),
            L("10:00:01", "Start MID 100 ICID 5"),
            L("10:00:01", "MID 100 ICID 5 From: <a@partner.example>"),
            L("10:00:01", "MID 100 ICID 5 RID 1 To: <second@example.com>"),
            L("10:00:01", "MID 100 ICID 5 RID 0 To: <first@example.com>"),
            L("10:00:02", "MID 100 Message-ID '<m100@partner.example>'"),
            L("10:00:02", "MID 100 Subject 'Quarterly report'"),
            L("10:00:02", "MID 100 ready 2048 bytes from <a@partner.example>"),
            L("10:00:02", "MID 100 matched all recipients for per-recipient policy DEFAULT in the inbound table"),
            L("10:00:03", "Start MID 101 ICID 5"),
            L("10:00:03", "MID 101 ICID 5 From: <>"),
            L("10:00:04", "ICID 5 close"),
            L("10:00:05", "Delivery start DCID 9 MID 100 to RID [0, 1]"),
            L("10:00:06", "Message done DCID 9 MID 100 to RID [0, 1]"),
            L("10:00:06", "Message finished MID 100 done"),
            L("10:00:07", "Message aborted MID 101 Dropped by CASE"),
            L("10:00:07", "Message finished MID 101 done"),
        ]);

        var first = run.Single(100);
        Assert.Equal(AbortClass.None, first.AbortClass);
        Assert.Equal(MessageOutcome.Done, first.Outcome);
        Assert.Equal(["first@example.com", "second@example.com"], first.To);
        Assert.Equal("a@partner.example", first.From);
        Assert.Equal("m100@partner.example", first.MessageId);
        Assert.Equal("Quarterly report", first.Subject);
        Assert.Equal(2048, first.Size);
        Assert.Equal("DEFAULT", first.Policy);
        Assert.Equal([9L], first.Dcids);
        Assert.Equal(5, first.DurationSeconds);
        Assert.Null(first.IdleSeconds);
        var c = first.Connection!;
        Assert.Equal(("203.0.113.7", "10.0.0.5", "Data 1", "mx.partner.example", true), (c.SourceIp, c.ListenerIp, c.Interface, c.ReverseDns, c.ReverseDnsVerified));
        Assert.Equal(("ACCEPT", "UNKNOWNLIST", 2.5, "TLSv1.3", false), (c.Policy, c.SenderGroup, c.Sbrs, c.Tls, c.Lost));

        var drop = run.Single(101);
        Assert.Equal(AbortClass.None, drop.AbortClass);
        Assert.Equal("Dropped by CASE", drop.Reason);
        Assert.Null(drop.From);
        Assert.Equal("203.0.113.7", drop.Connection!.SourceIp);
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenConnections);
    }

    [Fact]
    public void LinesOfAFinishedMid_StartAFreshMessage()
    {
        // A MID logged again after its message finished (the appliance reuses MIDs) starts a message of its own.
        var run = PipelineRun.Of([
            L("10:00:01", "Start MID 7 ICID 70"),
            L("10:00:01", "MID 7 ICID 70 From: <a@example.com>"),
            L("10:00:01", "MID 7 Subject 'first'"),
            L("10:00:02", "Message finished MID 7 done"),
            L("10:00:03", "MID 7 Subject 'second'"),
            L("10:00:04", "Message finished MID 7 done"),
        ]);

        Assert.Equal(2, run.Records.Count);
        Assert.Equal(("a@example.com", "first"), (run.Records[0].From, run.Records[0].Subject));
        Assert.Equal((null, "second", 1L), (run.Records[1].From, run.Records[1].Subject, run.Records[1].DurationSeconds));
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void AMidReusedRightAfterItsMessageFinished_GetsAFreshDocumentWithNothingOfTheFirst()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 7 ICID 70"),
            L("10:00:00", "MID 7 ICID 70 From: <first@example.com>"),
            L("10:00:00", "MID 7 ICID 70 RID 0 To: <one@example.com>"),
            L("10:00:01", "MID 7 Subject 'first'"),
            L("10:00:01", "MID 7 using engine: CASE spam positive"),
            L("10:00:01", "MID 7 antivirus positive 'W32/Sober-P'"),
            L("10:00:02", "Message finished MID 7 done"),
            L("10:00:03", "MID 7 ICID 71 RID 0 To: <two@example.com>"),
        ]);
        Assert.Equal(1, run.Pipeline.Sessionizer.OpenMessages);

        // A new message here takes the state the first MID 7 left: none of the second MID 7's lines may be in it.
        run.Feed([
            L("10:00:04", "Start MID 8 ICID 80"),
            L("10:00:04", "MID 8 ICID 80 From: <eight@example.com>"),
            L("10:00:05", "MID 7 Subject 'second'"),
            L("10:00:06", "Message finished MID 8 done"),
            L("10:00:07", "Message finished MID 7 done"),
        ]);

        Assert.Equal([7L, 8L, 7L], run.Records.Select(r => r.Mid));
        var first = run.Records[0];
        Assert.Equal(("first@example.com", "first", "positive", "positive"), (first.From, first.Subject, first.Verdicts?.Spam, first.Verdicts?.Antivirus));
        Assert.Equal(["one@example.com"], first.To);

        var eight = run.Records[1];
        Assert.Equal(("eight@example.com", null), (eight.From, eight.Subject));
        Assert.Empty(eight.To);

        var second = run.Records[2];
        Assert.Equal((null, "second", null, null), (second.From, second.Subject, second.Verdicts?.Spam, second.Verdicts?.Antivirus));
        Assert.Equal(["two@example.com"], second.To);
        Assert.Equal(4, second.DurationSeconds);
        Assert.Equal((0, 13L, 0L), (run.Pipeline.Sessionizer.OpenMessages, run.Counters.Used, run.Counters.Malformed));
    }

    [Fact]
    public void AMidFinishedOnOneApplianceAndLoggedOnAnother_IsAFreshDocument()
    {
        var run = PipelineRun.Of([
            "<22>Aug 14 10:00:00 esa1 mail_logs: Info: Start MID 9 ICID 9",
            "<22>Aug 14 10:00:00 esa1 mail_logs: Info: MID 9 ICID 9 From: <one@esa1.example>",
            "<22>Aug 14 10:00:00 esa1 mail_logs: Info: MID 9 ICID 9 RID 0 To: <rcpt@esa1.example>",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: MID 9 Subject 'on esa1'",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: MID 9 using engine: CASE spam positive",
            "<22>Aug 14 10:00:02 esa1 mail_logs: Info: Message finished MID 9 done",
            "<22>Aug 14 10:00:03 esa2 mail_logs: Info: MID 9 Subject 'on esa2'",
            "<22>Aug 14 10:00:03 esa2 mail_logs: Info: MID 9 ICID 4 RID 0 To: <rcpt@esa2.example>",
            "<22>Aug 14 10:00:04 esa2 mail_logs: Info: Message finished MID 9 done",
        ]);

        Assert.Equal(["esa1", "esa2"], run.Records.Select(r => r.Appliance));
        var one = run.Records[0];
        Assert.Equal(("one@esa1.example", "on esa1", "positive"), (one.From, one.Subject, one.Verdicts?.Spam));
        Assert.Equal(["rcpt@esa1.example"], one.To);
        var two = run.Records[1];
        Assert.Equal((null, "on esa2", null), (two.From, two.Subject, two.Verdicts?.Spam));
        Assert.Equal(["rcpt@esa2.example"], two.To);
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void TheSameMidOnTwoAppliancesLineByLine_LandsInTwoDocuments()
    {
        var run = PipelineRun.Of([
            "<22>Aug 14 10:00:00 esa1 mail_logs: Info: Start MID 10 ICID 1",
            "<22>Aug 14 10:00:00 esa2 mail_logs: Info: Start MID 10 ICID 2",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: MID 10 ICID 1 From: <a@esa1.example>",
            "<22>Aug 14 10:00:01 esa2 mail_logs: Info: MID 10 ICID 2 From: <a@esa2.example>",
            "<22>Aug 14 10:00:02 esa1 mail_logs: Info: MID 10 Subject 'one'",
            "<22>Aug 14 10:00:02 esa2 mail_logs: Info: MID 10 Subject 'two'",
            "<22>Aug 14 10:00:03 esa1 mail_logs: Info: Message finished MID 10 done",
            "<22>Aug 14 10:00:04 esa2 mail_logs: Info: Message finished MID 10 done",
        ]);

        Assert.Equal(
            [("esa1", 1L, "a@esa1.example", "one", 3L), ("esa2", 2L, "a@esa2.example", "two", 4L)],
            run.Records.Select(r => (r.Appliance, r.Icid ?? -1, r.From, r.Subject, r.DurationSeconds)));
    }

    [Fact]
    public void LinesOfTwoMidsInterleavedOneByOne_LandInTheirOwnDocuments()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 20 ICID 5"),
            L("10:00:00", "Start MID 21 ICID 6"),
            L("10:00:01", "MID 20 ICID 5 From: <a20@example.com>"),
            L("10:00:01", "MID 21 ICID 6 From: <a21@example.com>"),
            L("10:00:01", "MID 20 ICID 5 RID 0 To: <r20@example.com>"),
            L("10:00:01", "MID 21 ICID 6 RID 0 To: <r21@example.com>"),
            L("10:00:02", "MID 20 Subject 'twenty'"),
            L("10:00:02", "MID 21 Subject 'twenty-one'"),
            L("10:00:02", "MID 20 ready 2000 bytes from <a20@example.com>"),
            L("10:00:02", "MID 21 ready 2100 bytes from <a21@example.com>"),
            L("10:00:03", "MID 20 antivirus positive 'W32/Sober-P'"),
            L("10:00:03", "MID 21 using engine: CASE spam positive"),
            L("10:00:04", "Message finished MID 20 done"),
            L("10:00:05", "Message finished MID 21 done"),
        ]);

        var twenty = run.Single(20);
        Assert.Equal((5L, "a20@example.com", "twenty", 2000L, "positive", null, 4L),
            (twenty.Icid, twenty.From, twenty.Subject, twenty.Size, twenty.Verdicts?.Antivirus, twenty.Verdicts?.Spam, twenty.DurationSeconds));
        Assert.Equal(["r20@example.com"], twenty.To);
        var twentyOne = run.Single(21);
        Assert.Equal((6L, "a21@example.com", "twenty-one", 2100L, null, "positive", 5L),
            (twentyOne.Icid, twentyOne.From, twentyOne.Subject, twentyOne.Size, twentyOne.Verdicts?.Antivirus, twentyOne.Verdicts?.Spam, twentyOne.DurationSeconds));
        Assert.Equal(["r21@example.com"], twentyOne.To);
        Assert.Equal((0, 14L), (run.Pipeline.Sessionizer.OpenMessages, run.Counters.Used));
    }

    [Fact]
    public void AMessageAgedOutWhileItWasTheLastOneLogged_StartsAFreshStateWhenItsMidComesBack()
    {
        var options = new SessionizerOptions { MaxOpenAge = TimeSpan.FromHours(1) };
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 60 ICID 6"),
            L("10:00:01", "MID 60 ICID 6 From: <old@example.com>"),
            L("11:30:00", "ICID 99 close"),
            L("11:30:00", "ICID 99 close"),
        ], options);
        var aged = Assert.Single(run.Records);
        Assert.Equal((60L, MessageOutcome.Incomplete, "old@example.com"), (aged.Mid, aged.Outcome, aged.From));
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenMessages);

        run.Feed([
            L("11:30:01", "MID 60 Subject 'back'"),
            L("11:30:02", "Start MID 61 ICID 7"),
            L("11:30:03", "Message finished MID 61 done"),
            L("11:30:04", "Message finished MID 60 done"),
        ]);

        Assert.Equal([60L, 61L, 60L], run.Records.Select(r => r.Mid));
        Assert.Equal((null, null), (run.Records[1].From, run.Records[1].Subject));
        Assert.Equal((MessageOutcome.Done, null, "back", 3L), (run.Records[2].Outcome, run.Records[2].From, run.Records[2].Subject, run.Records[2].DurationSeconds));
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void NullRecipientLine_IsUsedAndAddsNoAddress()
    {
        var run = PipelineRun.Of([
            L("10:00:01", "Start MID 7 ICID 70"),
            L("10:00:01", "MID 7 ICID 70 RID 0 To: <>"),
            L("10:00:01", "MID 7 ICID 70 RID 1 To: <b@example.com>"),
            L("10:00:02", "Message finished MID 7 done"),
        ]);

        Assert.Equal(["b@example.com"], run.Single(7).To);
        Assert.Equal((4L, 0L), (run.Counters.Used, run.Counters.Malformed));
    }

    [Theory]
    [InlineData(295, AbortClass.Timeout, true)]
    [InlineData(305, AbortClass.Timeout, true)]
    [InlineData(294, AbortClass.Other, false)]
    [InlineData(306, AbortClass.Other, false)]
    [InlineData(20, AbortClass.Other, false)]
    public void ReceivingAbortedWithoutLost_TimeoutOnlyNearTheListenerTimeout(int idle, AbortClass expected, bool near)
    {
        var start = new DateTime(2014, 8, 14, 10, 0, 0);
        string At(int seconds) => start.AddSeconds(seconds).ToString("ddd MMM dd HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var run = PipelineRun.Of([
            $"{At(0)} Info: Start MID 7 ICID 70",
            $"{At(1)} Info: MID 7 ICID 70 From: <s@x.example>",
            $"{At(idle + 1)} Info: Message aborted MID 7 Receiving aborted",
            $"{At(idle + 1)} Info: Message finished MID 7 aborted",
        ]);

        var r = run.Single(7);
        Assert.Equal(expected, r.AbortClass);
        Assert.Equal(near, r.NearTimeout);
        Assert.Equal(idle, r.IdleSeconds);
    }

    [Fact]
    public void ConnectionLostNearTheTimeoutIsFlagged()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 8 ICID 80"),
            L("10:05:00", "ICID 80 lost"),
            L("10:05:00", "Message aborted MID 8 Receiving aborted"),
            L("10:05:00", "Message finished MID 8 aborted"),
        ]);

        var r = run.Single(8);
        Assert.Equal(AbortClass.ConnectionLost, r.AbortClass);
        Assert.True(r.NearTimeout);
    }

    [Fact]
    public void ListenerTimeoutAndToleranceAreSettings()
    {
        var options = new SessionizerOptions { ListenerTimeoutSeconds = 120, TimeoutToleranceSeconds = 0 };
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 8 ICID 80"),
            L("10:02:00", "Message aborted MID 8 Receiving aborted"),
            L("10:02:00", "Message finished MID 8 aborted"),
        ], options);

        Assert.Equal(AbortClass.Timeout, run.Single(8).AbortClass);
    }

    [Fact]
    public void OtherAbortsAndMissingAbortLine()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 1 ICID 10"),
            L("10:00:02", "Message aborted MID 1 Injection aborted"),
            L("10:00:02", "Message finished MID 1 aborted"),
            L("10:00:03", "Start MID 2 ICID 10"),
            L("10:00:09", "Message finished MID 2 aborted"),
        ]);

        Assert.Equal((AbortClass.Other, false), (run.Single(1).AbortClass, run.Single(1).NearTimeout));
        Assert.Equal("Injection aborted", run.Single(1).Reason);
        Assert.Equal((AbortClass.Other, 6L), (run.Single(2).AbortClass, run.Single(2).IdleSeconds));
    }

    [Fact]
    public void LostLoggedAfterTheAbortInALaterSecondIsNotConnectionLost()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 1 ICID 10"),
            L("10:00:10", "Message aborted MID 1 Receiving aborted"),
            L("10:00:11", "ICID 10 lost"),
            L("10:00:11", "Message finished MID 1 aborted"),
        ]);

        Assert.Equal(AbortClass.Other, run.Single(1).AbortClass);
    }

    [Fact]
    public void LinesBeforeStartMidAreKept()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "MID 3 ICID 30 From: <early@x.example>"),
            L("10:00:01", "MID 3 Subject 'before start'"),
            L("10:00:02", "Start MID 3 ICID 30"),
            L("10:00:05", "Message finished MID 3 done"),
        ]);

        var r = run.Single(3);
        Assert.Equal(("early@x.example", "before start", 30L), (r.From, r.Subject, r.Icid));
        Assert.Equal(3, r.DurationSeconds);
    }

    [Fact]
    public void GeneratedMessagesOnIcidZeroAndDerivedLinks()
    {
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 40 ICID 4"),
            L("10:00:01", "MID 40 ICID 4 From: <a@x.example>"),
            L("10:00:02", "MID 41 was generated based on MID 40 by bcc filter 'copy'"),
            L("10:00:02", "Start MID 41 ICID 0"),
            L("10:00:03", "MID 40 rewritten to MID 42 by antispam"),
            L("10:00:04", "Message finished MID 40 done"),
            L("10:00:05", "Message finished MID 41 done"),
            L("10:00:06", "Message finished MID 42 done"),
            L("10:00:07", "MID 50 was generated based on MID 1 by bcc filter 'copy'"),
        ]);

        var original = run.Single(40);
        Assert.Equal([41L, 42L], original.DerivedMids);
        var copy = run.Single(41);
        Assert.Equal((0L, 40L, "generated"), (copy.Icid, copy.ParentMid, copy.Derivation));
        Assert.Null(copy.Connection);
        Assert.Equal((40L, "rewritten"), (run.Single(42).ParentMid, run.Single(42).Derivation));

        // A link to a message that finished long ago must not invent an open message for it.
        Assert.Equal(1, run.Pipeline.Sessionizer.OpenMessages);
        run.Pipeline.FlushIncomplete();
        Assert.DoesNotContain(run.Records, r => r.Mid == 1);
    }

    [Fact]
    public void MaxOpenAgeTurnsForgottenMessagesIntoIncompleteDocuments()
    {
        var options = new SessionizerOptions { MaxOpenAge = TimeSpan.FromHours(1) };
        var run = PipelineRun.Of([
            L("10:00:00", "Start MID 60 ICID 6"),
            L("10:00:05", "MID 60 ICID 6 From: <a@x.example>"),
            L("10:30:00", "Start MID 61 ICID 7"),
            L("11:00:06", "MID 61 queued for delivery"),
            L("11:00:07", "MID 61 antivirus negative"),
        ], options);

        var stale = run.Single(60);
        Assert.Equal((MessageOutcome.Incomplete, AbortClass.Unknown, false), (stale.Outcome, stale.AbortClass, stale.NearTimeout));
        Assert.Equal(stale.EndSeconds - 5, stale.StartSeconds);
        Assert.Equal(1, run.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void FlushIncompleteEmitsOnlyWhenAsked()
    {
        string[] lines = [L("10:00:00", "Start MID 70 ICID 7"), L("10:00:01", "MID 70 ICID 7 From: <a@x.example>")];

        var batch = PipelineRun.Of(lines);
        Assert.Empty(batch.Records);
        Assert.Equal(1, batch.Pipeline.Sessionizer.OpenMessages);

        batch.Pipeline.FlushIncomplete();
        var r = batch.Single(70);
        Assert.Equal(MessageOutcome.Incomplete, r.Outcome);
        Assert.Equal(AbortClass.Unknown, r.AbortClass);
        Assert.Equal(0, batch.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void TimeOffsetHeaderSetsTheZoneOfTheLinesAfterIt()
    {
        var run = PipelineRun.Of([
            "Fri Sep 28 14:22:33 2007 Info: Begin Logfile",
            "Fri Sep 28 14:22:33 2007 Info: Version: 6.0.0-425 SN: 0019B9D5A2B4-C0NVXY1",
            "Fri Sep 28 14:22:33 2007 Info: Time offset from UTC: 10800 seconds",
            "Fri Sep 28 14:30:00 2007 Info: Start MID 5 ICID 6",
            "Fri Sep 28 14:30:10 2007 Info: Message finished MID 5 done",
        ]);

        var r = run.Single(5);
        Assert.Equal(new DateTimeOffset(2007, 9, 28, 11, 30, 10, TimeSpan.Zero).ToUnixTimeSeconds(), r.EndSeconds);
        Assert.Equal(("6.0.0-425", "0019B9D5A2B4-C0NVXY1"), (r.ObserverVersion, r.ObserverSerialNumber));
    }

    [Fact]
    public void ConfiguredZoneAppliesWithoutAHeader()
    {
        var options = new SessionizerOptions { Zone = ZoneConverter.For(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")) };
        var run = PipelineRun.Of([L("10:00:00", "Start MID 5 ICID 6"), L("10:00:10", "Message finished MID 5 done")], options);

        Assert.Equal(new DateTimeOffset(2014, 8, 14, 8, 0, 10, TimeSpan.Zero).ToUnixTimeSeconds(), run.Single(5).EndSeconds);
    }

    [Fact]
    public void HeaderlessLinesTakeThePreviousTime_AndAreMalformedWithoutOne()
    {
        var run = PipelineRun.Of([
            "Info: Start MID 1 ICID 1",
            L("10:00:00", "Start MID 2 ICID 2"),
            "Info: Message finished MID 2 done",
        ]);

        Assert.Equal(1, run.Counters.Malformed);
        Assert.Equal(0, run.Single(2).DurationSeconds);
    }

    [Fact]
    public void SyslogHostsSeparateAppliancesWithTheSameNumbers()
    {
        var run = PipelineRun.Of([
            "<22>Aug 14 10:00:00 esa1 mail_logs: Info: Start MID 9 ICID 9",
            "<22>Aug 14 10:00:00 esa2 mail_logs: Info: Start MID 9 ICID 9",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: ICID 9 lost",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: Message aborted MID 9 Receiving aborted",
            "<22>Aug 14 10:00:01 esa1 mail_logs: Info: Message finished MID 9 aborted",
            "<22>Aug 14 10:00:02 esa2 mail_logs: Info: Message finished MID 9 done",
        ]);

        Assert.Equal(2, run.Records.Count);
        var one = Assert.Single(run.Records, r => r.Appliance == "esa1");
        var two = Assert.Single(run.Records, r => r.Appliance == "esa2");
        Assert.Equal(AbortClass.ConnectionLost, one.AbortClass);
        Assert.Equal(AbortClass.None, two.AbortClass);
        Assert.NotEqual(one.EventId, two.EventId);
    }

    [Fact]
    public void NonMonotonicTimestampsNeverGiveNegativeDurations()
    {
        var run = PipelineRun.Of([
            L("10:00:10", "Start MID 1 ICID 1"),
            L("10:00:05", "Message aborted MID 1 Receiving aborted"),
            L("10:00:04", "Message finished MID 1 aborted"),
        ]);

        Assert.Equal((0L, 0L), (run.Single(1).DurationSeconds, run.Single(1).IdleSeconds!.Value));
    }
}

public class NewYearTests
{
    [Fact]
    public void FixedYear_LinesReorderedAcrossNewYearKeepTheirYear()
    {
        var run = new PipelineRun(parser: new EsaBridge.Core.Parsing.ParserOptions { Year = 2014 }).Feed([
            "Dec 31 23:59:58 esa1.example.com mail_logs: Info: Start MID 1 ICID 5",
            "Jan  1 00:00:00 esa1.example.com mail_logs: Info: Start MID 2 ICID 5",
            "Dec 31 23:59:59 esa1.example.com mail_logs: Info: Message finished MID 1 done",
            "Jan  1 00:00:01 esa1.example.com mail_logs: Info: Message finished MID 2 done",
        ]);

        Assert.Equal(2, run.Records.Count);
        Assert.Equal((1L, 2014), (run.Single(1).DurationSeconds, DateTimeOffset.FromUnixTimeSeconds(run.Single(1).EndSeconds).Year));
        Assert.Equal((1L, 2015), (run.Single(2).DurationSeconds, DateTimeOffset.FromUnixTimeSeconds(run.Single(2).EndSeconds).Year));
        Assert.All(run.Records, r => Assert.Equal(MessageOutcome.Done, r.Outcome));
    }
}

public class WildTimestampTests
{
    [Fact]
    public void OneLineWithAFarFutureTimeDoesNotAgeOutOpenMessages()
    {
        var run = PipelineRun.Of([
            "Thu Aug 14 10:00:00 2014 Info: Start MID 1 ICID 5",
            "Thu Aug 14 10:00:01 2014 Info: MID 1 ICID 5 From: <a@x.example>",
            "Fri Aug 14 10:00:01 2099 Info: MID 77 queued for delivery",
            "Thu Aug 14 10:00:02 2014 Info: MID 1 ICID 5 RID 0 To: <b@x.example>",
            "Thu Aug 14 10:00:03 2014 Info: Message finished MID 1 done",
        ]);

        var r = Assert.Single(run.Records);
        Assert.Equal((1L, MessageOutcome.Done), (r.Mid, r.Outcome));
    }
}

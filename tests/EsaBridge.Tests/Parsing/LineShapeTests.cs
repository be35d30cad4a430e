using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>Every line shape of the reference that feeds a document field, in every line form.</summary>
public class LineShapeTests
{
    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void NewSmtpIcid_ReadsInterfaceListenerSourceAndReverseDns(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form,
            "New SMTP ICID 10293 interface Management (192.168.0.199) address 192.168.0.200 reverse dns host ns.example.com verified no"));

        Assert.Equal(LineKind.NewIcid, p.Kind);
        Assert.Equal(10293, p.Line.Icid);
        Assert.Equal("Management", p.Text(p.Line.Interface));
        Assert.Equal("192.168.0.199", p.Text(p.Line.ListenerIp));
        Assert.Equal("192.168.0.200", p.Text(p.Line.SourceIp));
        Assert.Equal("ns.example.com", p.Text(p.Line.ReverseDnsHost));
        Assert.False(p.Line.ReverseDnsVerified);
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void NewSmtpIcid_InterfaceWithSpacesUnknownHostAndVerified(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form,
            "New SMTP ICID 7 interface Data 1 (10.0.0.5) address 203.0.113.9 reverse dns host unknown verified yes"));

        Assert.Equal(LineKind.NewIcid, p.Kind);
        Assert.Equal("Data 1", p.Text(p.Line.Interface));
        Assert.Equal("10.0.0.5", p.Text(p.Line.ListenerIp));
        Assert.Equal("203.0.113.9", p.Text(p.Line.SourceIp));
        Assert.Equal("unknown", p.Text(p.Line.ReverseDnsHost));
        Assert.True(p.Line.ReverseDnsVerified);
    }

    [Fact]
    public void NewSmtpIcid_DoubleSpaceBeforeHostAndOldFormWithoutReverseDns()
    {
        var doubled = ParsedText.Of("Info: New SMTP ICID 27389415 interface Marsh (205.156.189.20) address 205.234.144.192 reverse dns host  server.masterplace.com.br verified no");
        Assert.Equal("server.masterplace.com.br", doubled.Text(doubled.Line.ReverseDnsHost));

        var old = ParsedText.Of("Fri Jan 30 07:18:52 2004 Info: New SMTP ICID 10292815 interface private address 81.137.223.69");
        Assert.Equal(LineKind.NewIcid, old.Kind);
        Assert.Equal("private", old.Text(old.Line.Interface));
        Assert.Equal(string.Empty, old.Text(old.Line.ListenerIp));
        Assert.Equal("81.137.223.69", old.Text(old.Line.SourceIp));
        Assert.Equal(string.Empty, old.Text(old.Line.ReverseDnsHost));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void IcidPolicy_ReadsPolicyGroupAndScore(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form, "ICID 28 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 0.0"));

        Assert.Equal(LineKind.IcidPolicy, p.Kind);
        Assert.Equal(28, p.Line.Icid);
        Assert.Equal("ACCEPT", p.Text(p.Line.ConnectionPolicy));
        Assert.Equal("UNKNOWNLIST", p.Text(p.Line.SenderGroup));
        Assert.Equal("0.0", p.Text(p.Line.Sbrs));
    }

    [Theory]
    [InlineData("ICID 10318 RELAY SG RELAY_SG match 192.168.0.200 SBRs not enabled", "RELAY", "RELAY_SG", "not enabled")]
    [InlineData("ICID 52525189 ACCEPT SG None match  SBRS 3.7", "ACCEPT", "None", "3.7")]
    [InlineData("ICID 282194765 REJECT SG BLACKLIST match sbrs[-10.0:-2.0] SBRS -9.9", "REJECT", "BLACKLIST", "-9.9")]
    [InlineData("ICID 0 TCPREFUSE SG BLACKLIST match sbrs[-10.0:-0.5] SBRS -9.9", "TCPREFUSE", "BLACKLIST", "-9.9")]
    [InlineData("ICID 3 ACCEPT SG None match  SBRS rfc1918", "ACCEPT", "None", "rfc1918")]
    [InlineData("ICID 5 CONTINUE SG SUSPECT match sbrs[-3:-1] SBRS -1.2 country Germany", "CONTINUE", "SUSPECT", "-1.2")]
    [InlineData("ICID 6 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS None ", "ACCEPT", "UNKNOWNLIST", "None")]
    [InlineData("ICID 9 ACCEPT SG X match  SBRS unable to retrieve", "ACCEPT", "X", "unable to retrieve")]
    public void IcidPolicy_Variants(string body, string policy, string group, string sbrs)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.FileForm, body));

        Assert.Equal(LineKind.IcidPolicy, p.Kind);
        Assert.Equal(policy, p.Text(p.Line.ConnectionPolicy));
        Assert.Equal(group, p.Text(p.Line.SenderGroup));
        Assert.Equal(sbrs, p.Text(p.Line.Sbrs));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void IcidTlsLostAndClose(string form)
    {
        var tls = ParsedText.Of(LineForms.Render(form, "ICID 623143 TLS success protocol TLSv1.2 cipher DHE-RSA-AES256-SHA"));
        Assert.Equal(LineKind.IcidTlsSuccess, tls.Kind);
        Assert.Equal("TLSv1.2", tls.Text(tls.Line.TlsProtocol));

        var oldTls = ParsedText.Of(LineForms.Render(form, "ICID 10304570 TLS success"));
        Assert.Equal(LineKind.IcidTlsSuccess, oldTls.Kind);
        Assert.Equal(string.Empty, oldTls.Text(oldTls.Line.TlsProtocol));

        var lost = ParsedText.Of(LineForms.Render(form, "ICID 10293 lost"));
        Assert.Equal(LineKind.IcidLost, lost.Kind);
        Assert.Equal(10293, lost.Line.Icid);

        var close = ParsedText.Of(LineForms.Render(form, "ICID 10293 close"));
        Assert.Equal(LineKind.IcidClose, close.Kind);
    }

    [Theory]
    [InlineData("ICID 9033 Receiving Failed: Message loop")]
    [InlineData("ICID 9461571 SBRS None")]
    [InlineData("Status: CPULd 3 DskIO 0 RAMUtil 1 CrtMID 414695 CrtICID 644374")]
    [InlineData("Logfile rolled over")]
    [InlineData("SenderBase upload: 734 hosts totaling 201887 bytes")]
    [InlineData("ISQ: Tagging MID 37 for quarantine")]
    [InlineData("Debug: MID: 80 Message filter Name: OneNoteHunter time: 0.000493288040161")]
    public void KnownLinesThatFeedNoField_AreNotUsed(string body)
    {
        Assert.Equal(LineKind.NotUsed, ParsedText.Of(LineForms.Render(LineForms.FileForm, body)).Kind);
    }

    /// <summary>Lines that end or reject a connection without a field of their own (connection documents).</summary>
    [Theory]
    [InlineData("ICID 67542 Delayed HAT REJECT continuing session for recipient logging (223.71.167.166)", LineKind.IcidDelayedReject)]
    [InlineData("ICID 67542 disconnected address 223.71.167.166, no messages injected within timeout period", LineKind.IcidTimedOut)]
    [InlineData("ICID 67542 disconnected address 223.71.167.166", LineKind.NotUsed)]
    public void ConnectionEndingLinesAreRecognised(string body, LineKind kind)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.FileForm, body));

        Assert.Equal(kind, p.Kind);
        Assert.Equal(67542, p.Line.Icid);
    }

    [Fact]
    public void LevelIsReadOnce_DebugInsideTheTextIsNotTheLevel()
    {
        var p = ParsedText.Of("Tue Mar 28 09:37:51 2023 Info: Debug: MID: 80 Message filter Name: OneNoteHunter time: 0.15");
        Assert.Equal(LogLevel.Info, p.Line.Level);
        Assert.Equal(LineKind.NotUsed, p.Kind);
    }

    [Theory]
    [InlineData("Info", LogLevel.Info)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("Critical", LogLevel.Critical)]
    [InlineData("Debug", LogLevel.Debug)]
    [InlineData("Trace", LogLevel.Trace)]
    public void Levels(string level, LogLevel expected)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.Syslog, "MID 14 ICID 14 TLS read 126 bytes (0.0 seconds)", level));
        Assert.Equal(expected, p.Line.Level);
        Assert.Equal(LineKind.MidActivity, p.Kind);
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void StartMid_WithAndWithoutSuffix(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form, "Start MID 1404 ICID 10293"));
        Assert.Equal(LineKind.StartMid, p.Kind);
        Assert.Equal(1404, p.Line.Mid);
        Assert.Equal(10293, p.Line.Icid);

        var generated = ParsedText.Of(LineForms.Render(form, "Start MID 9 ICID 0 (ISQ Notification)"));
        Assert.Equal(LineKind.StartMid, generated.Kind);
        Assert.Equal(0, generated.Line.Icid);
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void EnvelopeSenderAndRecipients(string form)
    {
        var from = ParsedText.Of(LineForms.Render(form, "MID 1404 ICID 10293 From: <user@domain.com>"));
        Assert.Equal(LineKind.MidFrom, from.Kind);
        Assert.Equal((1404, 10293), (from.Line.Mid, from.Line.Icid));
        Assert.Equal("user@domain.com", from.Text(from.Line.Sender));

        var to = ParsedText.Of(LineForms.Render(form, "MID 1404 ICID 10293 RID 2 To: <end_user@example.com>"));
        Assert.Equal(LineKind.MidTo, to.Kind);
        Assert.Equal(2, to.Line.Rid);
        Assert.Equal("end_user@example.com", to.Text(to.Line.Recipient));
    }

    [Fact]
    public void EnvelopeSender_NullSenderBareAddressAndRejectedRecipient()
    {
        var nullSender = ParsedText.Of("Info: MID 3 ICID 0 From: <>");
        Assert.Equal(LineKind.MidFrom, nullSender.Kind);
        Assert.Equal(string.Empty, nullSender.Text(nullSender.Line.Sender));

        var bare = ParsedText.Of("Wed Sep  6 13:13:16 2023 Info: MID 14 ICID 14 From: ******@domainsample1.com");
        Assert.Equal("******@domainsample1.com", bare.Text(bare.Line.Sender));

        var bareTo = ParsedText.Of("Wed Sep  6 13:13:16 2023 Info: MID 14 ICID 14 RID 0 To: ******@domainsample2.com");
        Assert.Equal("******@domainsample2.com", bareTo.Text(bareTo.Line.Recipient));

        var rejected = ParsedText.Of("Info: MID 5 ICID 5 To: <x@example.com> Rejected by RAT");
        Assert.Equal(LineKind.MidRecipientRejected, rejected.Kind);
    }

    /// <summary>Contract version 2, corrections: the null recipient is a used line that adds no address.</summary>
    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void NullRecipient_IsUsedWithoutAnAddress(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form, "MID 7 ICID 9 RID 3 To: <>"));

        Assert.Equal(LineKind.MidTo, p.Kind);
        Assert.Equal((7L, 9L, 3L), (p.Line.Mid, p.Line.Icid, p.Line.Rid));
        Assert.Equal(string.Empty, p.Text(p.Line.Recipient));
    }

    [Theory]
    [InlineData("MID 44 Message-ID '<000001cba32e$f24ff2e0$d6efd8a0$@com>'", "000001cba32e$f24ff2e0$d6efd8a0$@com")]
    [InlineData("MID 14 Message-ID '20230906131316.23631.70662@esa008.cs18'", "20230906131316.23631.70662@esa008.cs18")]
    [InlineData("MID 14 Message-ID \"<a@b>\"", "a@b")]
    [InlineData("MID 1 Message-ID Message-ID-Content", "Message-ID-Content")]
    public void MessageId_QuotesAndBracketsRemoved(string body, string expected)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.FileForm, body));
        Assert.Equal(LineKind.MidMessageId, p.Kind);
        Assert.Equal(expected, p.Text(p.Line.MessageId));
    }

    [Theory]
    [InlineData("MID 44 Subject 'Message 001'", "Message 001")]
    [InlineData("MID 14 Subject \"Testing\"", "Testing")]
    [InlineData("MID 37 Subject test mail", "test mail")]
    [InlineData("MID 5 Subject 'It's a 'quoted' word'", "It's a 'quoted' word")]
    [InlineData("MID 5 Subject 'Réunion à 10h'", "Réunion à 10h")]
    [InlineData("MID 5 Subject ''", "")]
    public void Subject_OuterQuotesOnly(string body, string expected)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.Syslog, body));
        Assert.Equal(LineKind.MidSubject, p.Kind);
        Assert.Equal(expected, p.Text(p.Line.Subject));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void ReadyPolicyAndDelivery(string form)
    {
        var ready = ParsedText.Of(LineForms.Render(form, "MID 44 ready 240129 bytes from <sender1@example.com>"));
        Assert.Equal(LineKind.MidReady, ready.Kind);
        Assert.Equal(240129, ready.Line.SizeBytes);

        var policy = ParsedText.Of(LineForms.Render(form, "MID 44 matched all recipients for per-recipient policy DEFAULT in the inbound table"));
        Assert.Equal(LineKind.MidPolicy, policy.Kind);
        Assert.Equal("DEFAULT", policy.Text(policy.Line.RecipientPolicy));

        var start = ParsedText.Of(LineForms.Render(form, "Delivery start DCID 8 MID 6 to RID [0, 1]"));
        Assert.Equal(LineKind.MidDelivery, start.Kind);
        Assert.Equal((6, 8), (start.Line.Mid, start.Line.Dcid));

        var done = ParsedText.Of(LineForms.Render(form, "Message done DCID 2386069 MID 200257070 to RID [0] [('X-SBRS', 'None')]"));
        Assert.Equal(LineKind.MidDelivery, done.Kind);
        Assert.Equal((200257070, 2386069), (done.Line.Mid, done.Line.Dcid));

        var bounced = ParsedText.Of(LineForms.Render(form, "Bounced: DCID 3 MID 4 to RID 0 - 5.1.0 - Unknown address error ('550', ['<george@yourdomain.com>... Relaying denied']) []"));
        Assert.Equal((LineKind.MidDelivery, 4L, 3L), (bounced.Kind, bounced.Line.Mid, bounced.Line.Dcid));

        var delayed = ParsedText.Of(LineForms.Render(form, "Delayed: DCID 5 MID 4 to RID 0 - 4.1.0 - Unknown address error ('466', ['Mailbox temporarily full.'])[]"));
        Assert.Equal((LineKind.MidDelivery, 4L, 5L), (delayed.Kind, delayed.Line.Mid, delayed.Line.Dcid));
    }

    [Theory]
    [InlineData("MID 2317877 queued for delivery")]
    [InlineData("MID 68119155 using engine: SPF Verdict Cache using cached verdict")]
    [InlineData("MID 68119155 interim verdict using engine: CASE bulk")]
    [InlineData("MID 68119155 interim AV verdict using Sophos CLEAN")]
    [InlineData("MID 68119155 SDR: Tracker Header : redactedTrackerHeader")]
    [InlineData("MID 9733 attachment types rartn")]
    [InlineData("MID 1416566508 DKIM: cannot sign - no profile matches barristerwater@yahoo.com.ph")]
    [InlineData("MID 257, Message Scanning Problem: Continuation line seen before first header")]
    [InlineData("MID 14: Skip AMP Engine check")]
    public void OtherLinesOfAMessage_AreActivity(string body)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.FileForm, body));
        Assert.Equal(LineKind.MidActivity, p.Kind);
        Assert.True(p.Line.Mid > 0);
    }

    [Theory]
    [InlineData("MID 14 generated based on MID 13 by bcc filter 'nonetest'", 13, 14, Derivation.Generated)]
    [InlineData("MID 14 was generated based on MID 13 by bcc filter 'nonetest'", 13, 14, Derivation.Generated)]
    [InlineData("MID 2 rewritten to 3 by antispam", 2, 3, Derivation.Rewritten)]
    [InlineData("MID 6 rewritten to MID 7 by alt-rcpt-to-filter filter 'testfilt'", 6, 7, Derivation.Rewritten)]
    [InlineData("MID 20 was split creating MID 21 due to a per-recipient policy", 20, 21, Derivation.Split)]
    [InlineData("MID 31 was generated for bounce of MID 30", 30, 31, Derivation.Bounce)]
    public void DerivedMessages_OriginalInMidDerivedInNumber(string body, long original, long derived, Derivation how)
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.Syslog, body));
        Assert.Equal(LineKind.MidDerived, p.Kind);
        Assert.Equal((original, derived, how), (p.Line.Mid, p.Line.DerivedMid, p.Line.Derivation));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void AbortedAndFinished(string form)
    {
        var aborted = ParsedText.Of(LineForms.Render(form, "Message aborted MID 1412 Receiving aborted by sender"));
        Assert.Equal(LineKind.MessageAborted, aborted.Kind);
        Assert.Equal(1412, aborted.Line.Mid);
        Assert.Equal("Receiving aborted by sender", aborted.Text(aborted.Line.AbortReason));

        var drop = ParsedText.Of(LineForms.Render(form, "Message aborted MID 25781 Dropped by filter 'drop_zip_c'"));
        Assert.Equal("Dropped by filter 'drop_zip_c'", drop.Text(drop.Line.AbortReason));

        var finishedAborted = ParsedText.Of(LineForms.Render(form, "Message finished MID 1412 aborted"));
        Assert.Equal((LineKind.MessageFinished, true), (finishedAborted.Kind, finishedAborted.Line.FinishedAborted));

        var finishedDone = ParsedText.Of(LineForms.Render(form, "Message finished MID 37 done"));
        Assert.Equal((LineKind.MessageFinished, false), (finishedDone.Kind, finishedDone.Line.FinishedAborted));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void FileHeaders(string form)
    {
        Assert.Equal(LineKind.BeginLogfile, ParsedText.Of(LineForms.Render(form, "Begin Logfile")).Kind);
        Assert.Equal(LineKind.EndLogfile, ParsedText.Of(LineForms.Render(form, "End Logfile")).Kind);

        var version = ParsedText.Of(LineForms.Render(form, "Version: 8.7.2-004 SN: 1024E857D276-JXKWBK2"));
        Assert.Equal(LineKind.Version, version.Kind);
        Assert.Equal(("8.7.2-004", "1024E857D276-JXKWBK2"), (version.Text(version.Line.ApplianceVersion), version.Text(version.Line.SerialNumber)));

        var offset = ParsedText.Of(LineForms.Render(form, "Time offset from UTC: 10800 seconds"));
        Assert.Equal((LineKind.TimeOffset, 10800L), (offset.Kind, offset.Line.UtcOffsetSeconds));

        var negative = ParsedText.Of(LineForms.Render(form, "Time offset from UTC: -18000 seconds"));
        Assert.Equal(-18000, negative.Line.UtcOffsetSeconds);
    }
}

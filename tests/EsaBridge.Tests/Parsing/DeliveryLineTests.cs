using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>
/// The delivery side of a message (contract version 2, "Disposition and recipients"): delivery connections, each
/// recipient's result, rejected recipients and quarantines. Every body is a real line; where it was seen is named
/// next to it (files under Samples/public, see its MANIFEST.md, unless a page is named).
/// </summary>
public class DeliveryLineTests
{
    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void NewSmtpDcid_ReadsTheDestinationAddress(string form)
    {
        // ms-qa-connection-error.log (AsyncOS 14, 2023), with the port.
        var p = ParsedText.Of(LineForms.Render(form, "New SMTP DCID 30 interface 10.13.102.10 address 10.13.101.31 port 25"));
        Assert.Equal(LineKind.NewDcid, p.Kind);
        Assert.Equal(30, p.Line.Dcid);
        Assert.Equal("10.13.101.31", p.Text(p.Line.DestinationIp));

        // cisco-docs-examples.log (user guide, 2003 form): no port, a named interface.
        var old = ParsedText.Of(LineForms.Render(form, "New SMTP DCID 16 interface PublicNet address 172.17.0.113"));
        Assert.Equal((LineKind.NewDcid, 16L, "172.17.0.113"), (old.Kind, old.Line.Dcid, old.Text(old.Line.DestinationIp)));
    }

    [Fact]
    public void NewSmtpDcid_KeepsOnlyAnIpAndIsMalformedWhenCut()
    {
        var host = ParsedText.Of("Info: New SMTP DCID 5 interface 10.0.0.1 address mx.example.com port 25");
        Assert.Equal(LineKind.NewDcid, host.Kind);
        Assert.Equal(string.Empty, host.Text(host.Line.DestinationIp));

        Assert.Equal(LineKind.Malformed, ParsedText.Of("Info: New SMTP DCID 5 interface 10.0.0.1").Kind);
        Assert.Equal(LineKind.Malformed, ParsedText.Of("Info: New SMTP DCID x interface 10.0.0.1 address 10.0.0.2").Kind);
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void DcidTlsAndClose(string form)
    {
        // sc4s-test-lines.log (splunk-connect-for-syslog tests).
        var tls = ParsedText.Of(LineForms.Render(form, "DCID 112095 TLS success protocol TLSv1 cipher AES128-SHA for dummy_domain.com"));
        Assert.Equal((LineKind.DcidTlsSuccess, 112095L, "TLSv1"), (tls.Kind, tls.Line.Dcid, tls.Text(tls.Line.TlsProtocol)));

        // ironport-spamtowho-comment-lines.log: the old form without a protocol.
        var old = ParsedText.Of(LineForms.Render(form, "DCID 33 TLS success CN: <eq-c601.ironport.com>"));
        Assert.Equal((LineKind.DcidTlsSuccess, 33L, ""), (old.Kind, old.Line.Dcid, old.Text(old.Line.TlsProtocol)));

        // cisco-docs-examples.log.
        var close = ParsedText.Of(LineForms.Render(form, "DCID 3 close"));
        Assert.Equal((LineKind.DcidClose, 3L), (close.Kind, close.Line.Dcid));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void DeliveryStartAndDone_ReadTheirRids(string form)
    {
        // cisco-docs-examples.log (user guide).
        var start = ParsedText.Of(LineForms.Render(form, "Delivery start DCID 3 MID 4 to RID [0, 1]"));
        Assert.Equal((LineKind.MidDelivery, DeliveryEvent.Start, 4L, 3L), (start.Kind, start.Line.Delivery, start.Line.Mid, start.Line.Dcid));
        Assert.Equal([0L, 1L], Rids(start));

        var done = ParsedText.Of(LineForms.Render(form, "Message done DCID 2386069 MID 200257070 to RID [0] [('X-SBRS', 'None')]"));
        Assert.Equal((DeliveryEvent.Done, 200257070L, 2386069L), (done.Line.Delivery, done.Line.Mid, done.Line.Dcid));
        Assert.Equal([0L], Rids(done));
        Assert.False(done.Line.ExternalQuarantine);

        // ironport-spamtowho-comment-lines.log: the oldest form, without "RID".
        var oldest = ParsedText.Of(LineForms.Render(form, "Message done DCID 55306 MID 797710 to [0]"));
        Assert.Equal([0L], Rids(oldest));
    }

    [Fact]
    public void MessageDone_ExternalQuarantineSuffix()
    {
        // The suffix as the line reference names it (/work/shared/docs/esa-mail-log-reference.md, "Delivery lines").
        var p = ParsedText.Of("Info: Message done DCID 12 MID 34 to RID [0, 2] (external quarantine)");
        Assert.True(p.Line.ExternalQuarantine);
        Assert.Equal([0L, 2L], Rids(p));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void Bounced_ReadsRidStatusCodeAndReason(string form)
    {
        // cisco-docs-examples.log (user guide, hard bounce).
        var p = ParsedText.Of(LineForms.Render(form, "Bounced: DCID 3 MID 4 to RID 1 - 5.1.0 - Unknown address error ('550', ['<jane@yourdomain.com>... Relaying denied']) []"));
        Assert.Equal((LineKind.MidDelivery, DeliveryEvent.Bounced, 4L, 3L), (p.Kind, p.Line.Delivery, p.Line.Mid, p.Line.Dcid));
        Assert.Equal([1L], Rids(p));
        Assert.Equal("5.1.0", p.Text(p.Line.StatusCode));
        Assert.Equal("Unknown address error ('550', ['<jane@yourdomain.com>... Relaying denied'])", p.Text(p.Line.Response));
    }

    [Fact]
    public void Bounced_NewerFormWithSenderAndRecipient_AndDnsFailureOnDcidZero()
    {
        // Splunk documentation, search reference, rex command example 1 (AsyncOS 11 era, 2018).
        var p = ParsedText.Of("Mon Mar 19 20:16:27 2018 Info: Bounced: DCID 8413617 MID 19338947 From: <MariaDubois@example.com> To: <zecora@buttercupgames.com> RID 0 - 5.4.7 - Delivery expired (message too old) ('000', ['timeout'])");
        Assert.Equal((DeliveryEvent.Bounced, 19338947L, 8413617L), (p.Line.Delivery, p.Line.Mid, p.Line.Dcid));
        Assert.Equal([0L], Rids(p));
        Assert.Equal("5.4.7", p.Text(p.Line.StatusCode));
        Assert.Equal("Delivery expired (message too old) ('000', ['timeout'])", p.Text(p.Line.Response));

        // ironport-spamtowho-comment-lines.log: DCID 0, no connection was made.
        var dns = ParsedText.Of("Fri May 14 20:49:30 2004 Info: Bounced: DCID 0 MID 8 to RID 0 - 5.1.2 - Bad destination host ('000', ['DNS Hard Error looking up BMQ-WIN.RUN (MX):  NXDomain'])");
        Assert.Equal((0L, 8L, "5.1.2"), (dns.Line.Dcid, dns.Line.Mid, dns.Text(dns.Line.StatusCode)));
    }

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void Delayed_ReadsRidStatusCodeAndReason(string form)
    {
        // cisco-docs-examples.log (user guide, soft bounce): no space before the header list.
        var p = ParsedText.Of(LineForms.Render(form, "Delayed: DCID 5 MID 4 to RID 0 - 4.1.0 - Unknown address error ('466', ['Mailbox temporarily full.'])[]"));
        Assert.Equal((LineKind.MidDelivery, DeliveryEvent.Delayed, 4L, 5L), (p.Kind, p.Line.Delivery, p.Line.Mid, p.Line.Dcid));
        Assert.Equal([0L], Rids(p));
        Assert.Equal("4.1.0", p.Text(p.Line.StatusCode));
        Assert.Equal("Unknown address error ('466', ['Mailbox temporarily full.'])", p.Text(p.Line.Response));

        // Splunk documentation, rex example 1: the newer form.
        var newer = ParsedText.Of(LineForms.Render(form, "Delayed: DCID 8414309 MID 19410908 From: <WeiZhang@example.com> To: <mcintosh@buttercupgames.com> RID 0 - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 try again later'])"));
        Assert.Equal(("4.3.2", "Not accepting messages at this time ('421', ['4.3.2 try again later'])"), (newer.Text(newer.Line.StatusCode), newer.Text(newer.Line.Response)));
    }

    [Theory]
    [InlineData("MID 200257070 RID [0] Response 2.6.0 <37gva9$5uvbhe@mail.example.com> Queued mail for delivery", 200257070, "2.6.0 <37gva9$5uvbhe@mail.example.com> Queued mail for delivery")] // cisco-docs-examples.log
    [InlineData("MID 1 RID [0] Response 'queued as 9C8B425DA7'", 1, "queued as 9C8B425DA7")] // cisco-docs-examples.log
    [InlineData("MID 5911872 RID [0] Response ok 1083092729 qp 3998", 5911872, "ok 1083092729 qp 3998")] // ironport-spamtowho-comment-lines.log, unquoted
    public void Response_TextWithoutOuterQuotes(string body, long mid, string response)
    {
        foreach (string form in new[] { LineForms.FileForm, LineForms.Syslog })
        {
            var p = ParsedText.Of(LineForms.Render(form, body));
            Assert.Equal((LineKind.MidResponse, mid), (p.Kind, p.Line.Mid));
            Assert.Equal([0L], Rids(p));
            Assert.Equal(response, p.Text(p.Line.Response));
        }
    }

    [Theory]
    [InlineData("MID 1 ICID 2 To: <postmaster@corestaff.com> Rejected by RAT", "postmaster@corestaff.com", "Rejected by RAT")] // ironport-spamtowho-comment-lines.log
    [InlineData("MID 410727821 ICID 643905448 To: <larry_zuccaro@ex.com> Rejected by LDAPACCEPT", "larry_zuccaro@ex.com", "Rejected by LDAPACCEPT")] // idem
    [InlineData("MID 26603 ICID 125192 invalid bounce, rcpt address <scott@ncironport.net> rejected by bounce verification.", "scott@ncironport.net", "rejected by bounce verification")] // idem
    public void RejectedRecipients_HaveNoRid(string body, string address, string reason)
    {
        foreach (string form in new[] { LineForms.FileForm, LineForms.Syslog })
        {
            var p = ParsedText.Of(LineForms.Render(form, body));
            Assert.Equal(LineKind.MidRecipientRejected, p.Kind);
            Assert.Equal(address, p.Text(p.Line.Recipient));
            Assert.Equal(reason, p.Text(p.Line.Response));
        }
    }

    [Theory]
    [InlineData("MID 423370831 quarantined to \"Outbreak\" (VOF rule:.pif file in zip)", QuarantineEvent.Entered, "Outbreak")] // ironport-spamtowho-comment-lines.log
    [InlineData("MID 43 quarantined to \"Policy\"", QuarantineEvent.Entered, "Policy")] // idem
    [InlineData("MID 482 quarantined to \"Policy\" (message filter:policy_violation)", QuarantineEvent.Entered, "Policy")] // SMA help, "Policy Quarantines and Logging"
    [InlineData("MID 483 released from quarantine \"Policy\" (queue full)", QuarantineEvent.Released, "Policy")] // idem
    [InlineData("MID 483 released from all quarantines", QuarantineEvent.Released, "")] // idem
    [InlineData("MID 9735 released (attachments stripped) from quarantine \"Outbreak\" (queue full) t=190", QuarantineEvent.Released, "Outbreak")] // ironport-spamtowho-comment-lines.log
    [InlineData("MID 7729 released (attachments stripped) from all quarantines", QuarantineEvent.Released, "")] // idem
    [InlineData("MID 43 deleted from quarantine \"Policy\" (manual)", QuarantineEvent.Deleted, "Policy")] // idem
    [InlineData("MID 43 deleted from all quarantines", QuarantineEvent.Deleted, "")] // idem
    [InlineData("ISQ: Quarantined MID 37", QuarantineEvent.EnteredSpam, "")] // cisco-community-spam-quarantine.log
    [InlineData("EUQ: Quarantined MID 4433", QuarantineEvent.EnteredSpam, "")] // ironport-spamtowho-comment-lines.log
    public void Quarantines(string body, QuarantineEvent what, string name)
    {
        foreach (string form in new[] { LineForms.FileForm, LineForms.Syslog, LineForms.Rfc5424 })
        {
            var p = ParsedText.Of(LineForms.Render(form, body));
            Assert.Equal((LineKind.MidQuarantine, what, name), (p.Kind, p.Line.Quarantine, p.Text(p.Line.QuarantineName)));
            Assert.True(p.Line.Mid > 0);
        }
    }

    [Theory]
    [InlineData("ISQ: Tagging MID 37 for quarantine", LineKind.NotUsed)]
    [InlineData("EUQ: Reinjected MID 4433 as MID 4449", LineKind.NotUsed)]
    [InlineData("RPC Delivery start RCID 10 MID 37 to local IronPort Spam Quarantine", LineKind.NotUsed)]
    [InlineData("DCID 4 something else", LineKind.NotUsed)]
    [InlineData("MID 18313985 quarantine \"Outbreak\" new reason (VOF rule:OUTBREAK_0000231)", LineKind.MidActivity)]
    [InlineData("MID 5 released", LineKind.MidActivity)]
    [InlineData("MID 5 ICID 5 To: <x@example.com>", LineKind.MidActivity)]
    [InlineData("MID 5 quarantined to \"Policy", LineKind.Malformed)]
    [InlineData("MID 5 released from quarantine \"", LineKind.Malformed)]
    [InlineData("ISQ: Quarantined MID x", LineKind.Malformed)]
    [InlineData("MID 5 RID Response 'x'", LineKind.Malformed)]
    [InlineData("Bounced: DCID 3 MID 4 to RID", LineKind.MidDelivery)]
    [InlineData("Bounced: DCID 3 MID 4 to RID 0 - 5.1.0", LineKind.MidDelivery)]
    [InlineData("Message done DCID 3 MID 4 to RID [0", LineKind.MidDelivery)]
    public void NeighboursAndCutShapes(string body, LineKind kind)
    {
        Assert.Equal(kind, ParsedText.Of(LineForms.Render(LineForms.FileForm, body)).Kind);
    }

    private static long[] Rids(ParsedText p)
    {
        var list = new RidList(System.Text.Encoding.UTF8.GetBytes(p.Text(p.Line.Rids)));
        var rids = new List<long>();
        while (list.Next(out long rid))
        {
            rids.Add(rid);
        }

        return [.. rids];
    }
}

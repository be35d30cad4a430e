using System.Text;
using System.Text.Json;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Parsing;

namespace EsaBridge.Tests.Sessions;

/// <summary>
/// Contract version 2, "Disposition and recipients": each message from start to finish, with what became of each
/// recipient, as a mail admin reads it in the document.
/// </summary>
public class DispositionTests
{
    /// <summary>
    /// Two messages on one delivery connection and a third on another: MID 10 (RID 0 and 1) is delivered over DCID 500
    /// (TLS), MID 11's RID 0 over DCID 500 too while its RID 1 bounces on DCID 501, MID 12 is delayed on 501 then delivered on 500.
    /// </summary>
    public static readonly string[] SharedDcidLog =
    [
        "10:00:00|New SMTP ICID 7 interface Data 1 (10.0.0.5) address 203.0.113.7 reverse dns host mx.partner.example verified yes",
        "10:00:00|Start MID 10 ICID 7",
        "10:00:00|MID 10 ICID 7 From: <a@partner.example>",
        "10:00:00|MID 10 ICID 7 RID 0 To: <one@example.com>",
        "10:00:00|MID 10 ICID 7 RID 1 To: <two@example.com>",
        "10:00:01|Start MID 11 ICID 7",
        "10:00:01|MID 11 ICID 7 RID 0 To: <three@example.com>",
        "10:00:01|MID 11 ICID 7 RID 1 To: <four@example.org>",
        "10:00:01|MID 11 ICID 7 To: <nobody@example.com> Rejected by RAT",
        "10:00:01|Start MID 12 ICID 7",
        "10:00:01|MID 12 ICID 7 RID 0 To: <five@example.net>",
        "10:00:02|ICID 7 close",
        "10:00:03|New SMTP DCID 500 interface 10.0.0.5 address 198.51.100.25 port 25",
        "10:00:03|DCID 500 TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384",
        "10:00:03|New SMTP DCID 501 interface 10.0.0.5 address 192.0.2.80 port 25",
        "10:00:04|Delivery start DCID 500 MID 10 to RID [0, 1]",
        "10:00:04|Message done DCID 500 MID 10 to RID [0, 1] [('X-SBRS', '3.5')]",
        "10:00:04|MID 10 RID [0, 1] Response '2.0.0 Ok: queued as 4Xk2'",
        "10:00:04|Message finished MID 10 done",
        "10:00:05|Delivery start DCID 500 MID 11 to RID [0]",
        "10:00:05|Message done DCID 500 MID 11 to RID [0]",
        "10:00:05|MID 11 RID [0] Response 'queued as 9C8B425DA7'",
        "10:00:05|Delivery start DCID 501 MID 11 to RID [1]",
        "10:00:06|Bounced: DCID 501 MID 11 to RID 1 - 5.1.1 - Bad destination mailbox address ('550', ['5.1.1 <four@example.org>: Recipient address rejected']) []",
        "10:00:06|Message finished MID 11 done",
        "10:00:06|Delivery start DCID 501 MID 12 to RID [0]",
        "10:00:06|Delayed: DCID 501 MID 12 to RID 0 - 4.4.0 - Other network problem ('000', ['[Errno 54] Connection reset by peer']) []",
        "10:00:07|DCID 501 close",
        "10:05:00|Delivery start DCID 500 MID 12 to RID [0]",
        "10:05:00|Message done DCID 500 MID 12 to RID [0]",
        "10:05:00|MID 12 RID [0] Response 'ok'",
        "10:05:00|Message finished MID 12 done",
        "10:05:05|DCID 500 close",
    ];

    [Theory]
    [InlineData(LineForms.FileForm)]
    [InlineData(LineForms.Syslog)]
    public void A_dcid_shared_by_many_messages_gives_each_recipient_its_destination_and_tls(string form)
    {
        var run = Run(form, SharedDcidLog);

        var both = run.Single(10);
        Assert.Equal("delivered", both.Disposition);
        Assert.Equal(
            [
                new RecipientRecord(0, "one@example.com", "delivered", 500, "2.0.0 Ok: queued as 4Xk2", "2.0.0", "198.51.100.25", "TLSv1.2", At("10:00:04")),
                new RecipientRecord(1, "two@example.com", "delivered", 500, "2.0.0 Ok: queued as 4Xk2", "2.0.0", "198.51.100.25", "TLSv1.2", At("10:00:04")),
            ],
            both.Recipients);
        Assert.Equal([500L], both.Dcids);

        var partly = run.Single(11);
        Assert.Equal("partially_delivered", partly.Disposition);
        Assert.Equal(["three@example.com", "four@example.org"], partly.To);
        Assert.Equal(
            [
                new RecipientRecord(0, "three@example.com", "delivered", 500, "queued as 9C8B425DA7", null, "198.51.100.25", "TLSv1.2", At("10:00:05")),
                new RecipientRecord(1, "four@example.org", "bounced", 501, "Bad destination mailbox address ('550', ['5.1.1 <four@example.org>: Recipient address rejected'])", "5.1.1", "192.0.2.80", null, At("10:00:06")),
                new RecipientRecord(null, "nobody@example.com", "rejected", null, "Rejected by RAT", null, null, null, At("10:00:01")),
            ],
            partly.Recipients);
        Assert.Equal([500L, 501L], partly.Dcids);
    }

    [Fact]
    public void A_recipient_delayed_then_delivered_is_delivered_and_forgets_the_delay()
    {
        var run = Run(LineForms.FileForm, SharedDcidLog);

        var later = run.Single(12);
        Assert.Equal("delivered", later.Disposition);
        Assert.Equal([new RecipientRecord(0, "five@example.net", "delivered", 500, "ok", null, "198.51.100.25", "TLSv1.2", At("10:05:00"))], later.Recipients);
        Assert.Equal([501L, 500L], later.Dcids);
    }

    [Fact]
    public void A_message_still_delayed_when_the_log_ends_is_incomplete_with_its_delay()
    {
        var run = Run(LineForms.FileForm, SharedDcidLog.Take(27));
        run.Pipeline.FlushIncomplete();

        var open = run.Single(12);
        Assert.Equal("incomplete", open.Disposition);
        var r = Assert.Single(open.Recipients);
        Assert.Equal(("delayed", 501L, "4.4.0", "192.0.2.80"), (r.Status, r.Dcid, r.StatusCode, r.DestinationIp));
        Assert.Equal("Other network problem ('000', ['[Errno 54] Connection reset by peer'])", r.Response);
    }

    /// <summary>The user guide's hard bounce (cisco-docs-examples.log): both recipients bounce on DCID 3.</summary>
    [Fact]
    public void Every_recipient_bounced_is_bounced_with_its_status_code()
    {
        var run = Run(LineForms.FileForm, [
            "20:00:20|Start MID 4 ICID 2",
            "20:00:20|MID 4 ICID 2 RID 0 To: <george@yourdomain.com>",
            "20:00:20|MID 4 ICID 2 RID 1 To: <jane@yourdomain.com>",
            "20:00:23|New SMTP DCID 3 interface 172.19.0.11 address 64.81.204.225",
            "20:00:23|Delivery start DCID 3 MID 4 to RID [0, 1]",
            "20:00:27|Bounced: DCID 3 MID 4 to RID 0 - 5.1.0 - Unknown address error ('550', ['<george@yourdomain.com>... Relaying denied']) []",
            "20:00:27|Bounced: DCID 3 MID 4 to RID 1 - 5.1.0 - Unknown address error ('550', ['<jane@yourdomain.com>... Relaying denied']) []",
            "20:00:27|Message finished MID 4 done",
            "20:00:32|DCID 3 close",
        ]);

        var r = run.Single(4);
        Assert.Equal("bounced", r.Disposition);
        Assert.All(r.Recipients, x => Assert.Equal(("bounced", "5.1.0", 3L, "64.81.204.225"), (x.Status, x.StatusCode, x.Dcid, x.DestinationIp)));
        Assert.Equal("Unknown address error ('550', ['<jane@yourdomain.com>... Relaying denied'])", r.Recipients[1].Response);
    }

    [Fact]
    public void A_content_drop_is_dropped_and_so_are_its_recipients()
    {
        var run = Run(LineForms.FileForm, [
            "08:38:40|Start MID 25781 ICID 9",
            "08:38:40|MID 25781 ICID 9 RID 0 To: <a@example.com>",
            "08:38:40|MID 25781 ICID 9 RID 1 To: <b@example.com>",
            "08:38:41|Message aborted MID 25781 Dropped by filter 'drop_zip_c'",
            "08:38:41|Message finished MID 25781 done",
        ]);

        var r = run.Single(25781);
        Assert.Equal(("dropped", "none"), (r.Disposition, AbortClassNames.Of(r.AbortClass)));
        Assert.Equal(["dropped", "dropped"], r.Recipients.Select(x => x.Status));
        Assert.All(r.Recipients, x => Assert.Null(x.TimeSeconds));
    }

    /// <summary>cisco-community-spam-quarantine.log: the spam quarantine takes the message over RPC, then it finishes.</summary>
    [Fact]
    public void A_message_in_the_spam_quarantine_is_quarantined()
    {
        var run = Run(LineForms.FileForm, [
            "07:43:01|Start MID 37 ICID 40",
            "07:43:01|MID 37 ICID 40 RID 0 To: <user@example.com>",
            "07:43:02|ISQ: Tagging MID 37 for quarantine",
            "07:43:02|MID 37 queued for delivery",
            "07:43:02|RPC Delivery start RCID 10 MID 37 to local IronPort Spam Quarantine",
            "07:43:03|ISQ: Quarantined MID 37",
            "07:43:03|Message finished MID 37 done",
        ]);

        var r = run.Single(37);
        Assert.Equal("quarantined", r.Disposition);
        Assert.Equal(["spam"], r.Quarantines);
        Assert.Equal("quarantined", Assert.Single(r.Recipients).Status);
    }

    [Fact]
    public void A_policy_quarantine_released_then_delivered_is_delivered_and_names_the_quarantine()
    {
        var run = Run(LineForms.FileForm, [
            "12:00:00|Start MID 482 ICID 50",
            "12:00:00|MID 482 ICID 50 RID 0 To: <user@example.com>",
            "12:00:01|MID 482 quarantined to \"Policy\" (message filter:policy_violation)",
            "12:30:00|MID 482 released from quarantine \"Policy\" (manual)",
            "12:30:00|MID 482 released from all quarantines",
            "12:30:01|New SMTP DCID 9 interface 10.0.0.5 address 192.0.2.10 port 25",
            "12:30:01|Delivery start DCID 9 MID 482 to RID [0]",
            "12:30:01|Message done DCID 9 MID 482 to RID [0]",
            "12:30:01|Message finished MID 482 done",
        ]);

        var r = run.Single(482);
        Assert.Equal("delivered", r.Disposition);
        Assert.Equal(["Policy"], r.Quarantines);
    }

    [Theory]
    [InlineData("MID 43 deleted from quarantine \"Policy\" (manual)", "dropped")]
    [InlineData("MID 43 deleted from all quarantines", "dropped")]
    [InlineData("MID 43 ready 100 bytes from <s@example.com>", "quarantined")]
    public void A_message_deleted_from_a_quarantine_is_dropped_and_one_still_held_is_quarantined(string line, string disposition)
    {
        var run = Run(LineForms.FileForm, [
            "23:23:00|Start MID 43 ICID 51",
            "23:23:00|MID 43 ICID 51 RID 0 To: <user@example.com>",
            "23:23:13|MID 43 quarantined to \"Policy\"",
            "23:25:41|" + line,
            "23:25:41|Message finished MID 43 done",
        ]);

        var r = run.Single(43);
        Assert.Equal(disposition, r.Disposition);
        Assert.Equal(disposition, Assert.Single(r.Recipients).Status);
    }

    [Fact]
    public void Aborted_incomplete_and_unknown_messages_leave_their_recipients_pending()
    {
        var run = Run(LineForms.FileForm, [
            "10:00:00|Start MID 1 ICID 5",
            "10:00:00|MID 1 ICID 5 RID 0 To: <a@example.com>",
            "10:00:01|Message aborted MID 1 Receiving aborted by sender",
            "10:00:01|Message finished MID 1 aborted",
            "10:00:02|Start MID 2 ICID 5",
            "10:00:02|MID 2 ICID 5 RID 0 To: <b@example.com>",
            "10:00:03|Message finished MID 2 done",
            "10:00:04|Start MID 3 ICID 5",
            "10:00:04|MID 3 ICID 5 RID 0 To: <c@example.com>",
        ]);
        run.Pipeline.FlushIncomplete();

        Assert.Equal(
            [("aborted", "pending"), ("unknown", "pending"), ("incomplete", "pending")],
            new long[] { 1, 2, 3 }.Select(mid => run.Single(mid)).Select(r => (r.Disposition!, Assert.Single(r.Recipients).Status)));
    }

    [Fact]
    public void A_delivery_line_for_a_rid_the_log_never_named_adds_a_recipient_without_an_address()
    {
        var run = Run(LineForms.FileForm, [
            "20:10:58|Delivery start DCID 8 MID 6 to RID [0]",
            "20:10:58|Message done DCID 8 MID 6 to RID [0]",
            "20:10:58|Message finished MID 6 done",
        ]);

        var r = run.Single(6);
        Assert.Equal("delivered", r.Disposition);
        Assert.Empty(r.To);
        Assert.Equal(new RecipientRecord(0, null, "delivered", 8, TimeSeconds: At("20:10:58")), Assert.Single(r.Recipients));
    }

    /// <summary>The document and the Splunk event as the user sees them, for the shared-DCID log.</summary>
    [Fact]
    public void The_document_and_the_splunk_event_carry_the_recipients()
    {
        var run = Run(LineForms.FileForm, SharedDcidLog);

        using var document = JsonDocument.Parse(EcsJson.ToJson(run.Single(11)));
        var esa = document.RootElement.GetProperty("cisco").GetProperty("esa");
        Assert.Equal("partially_delivered", esa.GetProperty("disposition").GetString());
        var second = esa.GetProperty("recipients")[1];
        Assert.Equal(
            ["rid", "address", "status", "dcid", "response", "status_code", "destination_ip", "time"],
            second.EnumerateObject().Select(p => p.Name));
        Assert.Equal((1L, "bounced", "5.1.1", "192.0.2.80", "2014-08-14T10:00:06Z"), (second.GetProperty("rid").GetInt64(), second.GetProperty("status").GetString(), second.GetProperty("status_code").GetString(), second.GetProperty("destination_ip").GetString(), second.GetProperty("time").GetString()));
        var rejected = esa.GetProperty("recipients")[2];
        Assert.Equal(["address", "status", "response", "time"], rejected.EnumerateObject().Select(p => p.Name));
        Assert.False(esa.TryGetProperty("quarantine", out _));

        var ev = JsonDocument.Parse(EcsJson.SplunkEvent(run.Single(11), new Core.Documents.SplunkEnvelope())).RootElement.GetProperty("event");
        Assert.Equal(("delivered", "partially_delivered"), (ev.GetProperty("action").GetString(), ev.GetProperty("disposition").GetString()));
        Assert.Equal(["delivered", "bounced", "rejected"], ev.GetProperty("recipient_status").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["5.1.1"], ev.GetProperty("status_code").EnumerateArray().Select(s => s.GetString()));
        Assert.False(ev.TryGetProperty("quarantine", out _));
    }

    /// <summary>
    /// A flood of delivery connections that never log <c>close</c> does not grow the DCID table without bound: past its
    /// limit the least recently seen leave, so a delivery on one of them keeps its status but has no destination, while
    /// one on a recent DCID still has it.
    /// </summary>
    [Fact]
    public void A_flood_of_unclosed_dcids_forgets_the_oldest_and_keeps_the_recent()
    {
        int flood = DeliveryConnectionTable.MaxEntries + 500;
        var lines = new List<string>
        {
            "10:00:00|Start MID 20 ICID 0",
            "10:00:00|MID 20 ICID 0 RID 0 To: <old@example.com>",
            "10:00:00|MID 20 ICID 0 RID 1 To: <new@example.com>",
        };
        for (int dcid = 1; dcid <= flood; dcid++)
        {
            lines.Add($"10:00:01|New SMTP DCID {dcid} interface 10.0.0.5 address 198.51.{dcid / 256 % 256}.{dcid % 256} port 25");
        }

        lines.Add("10:00:02|Message done DCID 1 MID 20 to RID [0]");
        lines.Add($"10:00:02|Message done DCID {flood} MID 20 to RID [1]");
        lines.Add("10:00:02|Message finished MID 20 done");

        var message = Run(LineForms.FileForm, lines).Single(20);

        Assert.Equal("delivered", message.Disposition);
        Assert.Equal([null, $"198.51.{flood / 256 % 256}.{flood % 256}"], message.Recipients.Select(r => r.DestinationIp));
    }

    private static long At(string time) =>
        new DateTimeOffset(2014, 8, 14, int.Parse(time[..2]), int.Parse(time[3..5]), int.Parse(time[6..]), TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>"HH:mm:ss|body" lines, rendered in the form at that time of 2014-08-14 (UTC).</summary>
    internal static PipelineRun Run(string form, IEnumerable<string> lines)
    {
        var run = new PipelineRun(new SessionizerOptions { Zone = ZoneConverter.Utc });
        run.Feed(lines.Select(l => LineForms.Render(form, l[9..]).Replace("11:04:31", l[..8], StringComparison.Ordinal)));
        return run;
    }
}

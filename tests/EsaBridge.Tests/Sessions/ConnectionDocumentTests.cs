using System.Globalization;
using System.Text;
using System.Text.Json;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Parsing;

namespace EsaBridge.Tests.Sessions;

/// <summary>
/// One connection document per inbound ICID (docs/session-document.md, "Version 2: connection documents"): each way a
/// connection ends, in both line forms.
/// </summary>
public class ConnectionDocumentTests
{
    private static readonly DateTime Base = new(2014, 8, 14, 11, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> Forms() => [LineForms.FileForm, LineForms.Syslog];

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_closed_after_its_messages_lists_them(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 101 interface Data 1 (10.0.0.5) address 203.0.113.9 reverse dns host mx.partner.example verified yes"),
            (0, "ICID 101 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 1.5 country Germany"),
            (1, "ICID 101 TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"),
            (2, "Start MID 11 ICID 101"),
            (2, "MID 11 ICID 101 From: <a@partner.example>"),
            (2, "MID 11 ICID 101 RID 0 To: <b@example.com>"),
            (3, "MID 11 ready 1200 bytes from <a@partner.example>"),
            (4, "Start MID 12 ICID 101"),
            (4, "MID 12 ICID 101 From: <a@partner.example>"),
            (4, "MID 12 ICID 101 RID 0 To: <c@example.com>"),
            (5, "MID 12 ready 900 bytes from <a@partner.example>"),
            (7, "ICID 101 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((101L, ConnectionEnding.Closed, AbortClass.None), (c.Icid, c.Ending, c.AbortClass));
        Assert.Equal([11L, 12L], c.Mids);
        Assert.Equal(At(0), c.StartSeconds);
        Assert.Equal(At(7), c.EndSeconds);
        Assert.Equal(2, c.IdleSeconds);
        Assert.False(c.NearTimeout);
        Assert.Equal(("203.0.113.9", "ACCEPT", "TLSv1.2", "Germany", false), (c.Connection!.SourceIp, c.Connection.Policy, c.Connection.Tls, c.Connection.Country, c.Connection.Lost));
    }

    [Theory]
    [InlineData(LineForms.FileForm, "REJECT")]
    [InlineData(LineForms.Syslog, "REJECT")]
    [InlineData(LineForms.FileForm, "TCPREFUSE")]
    [InlineData(LineForms.Syslog, "TCPREFUSE")]
    public void A_connection_the_HAT_turns_away_is_rejected(string form, string policy)
    {
        var run = Run(form,
            (0, "New SMTP ICID 102 interface Data 1 (10.0.0.5) address 198.51.100.7 reverse dns host unknown verified no"),
            (0, $"ICID 102 {policy} SG BLACKLIST match sbrs[-10.0:-3.0] SBRS -5.5"),
            (1, "ICID 102 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Rejected, AbortClass.None, 0), (c.Ending, c.AbortClass, c.Mids.Count));
        Assert.Equal((policy, "BLACKLIST", -5.5), (c.Connection!.Policy, c.Connection.SenderGroup, c.Connection.Sbrs));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_delayed_HAT_reject_that_then_drops_is_rejected_and_lost(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 103 interface Data 1 (10.0.0.5) address 198.51.100.8 reverse dns host unknown verified no"),
            (0, "ICID 103 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS None"),
            (0, "ICID 103 Delayed HAT REJECT continuing session for recipient logging (198.51.100.8)"),
            (3, "ICID 103 lost"),
            (3, "ICID 103 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Rejected, AbortClass.ConnectionLost, 3L), (c.Ending, c.AbortClass, c.IdleSeconds));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_refusal_without_an_ICID_is_counted_not_documented(string form)
    {
        var run = Run(form, (0, "ICID 0 TCPREFUSE SG BLACKLIST match sbrs[-10.0:-3.0] SBRS -9.0"));
        run.Pipeline.FlushIncomplete();

        Assert.Empty(run.Connections);
        Assert.Equal(1, run.Counters.RefusedWithoutIcid);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_lost_before_any_command_is_lost(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 104 interface Data 1 (10.0.0.5) address 192.0.2.10 reverse dns host unknown verified no"),
            (0, "ICID 104 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"),
            (12, "ICID 104 lost"),
            (12, "ICID 104 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Lost, AbortClass.ConnectionLost, 12L, 0), (c.Ending, c.AbortClass, c.IdleSeconds, c.Mids.Count));
        Assert.True(c.Connection!.Lost);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_lost_during_a_message_is_lost_and_so_is_the_message(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 105 interface Data 1 (10.0.0.5) address 192.0.2.11 reverse dns host unknown verified no"),
            (0, "ICID 105 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"),
            (1, "Start MID 15 ICID 105"),
            (1, "MID 15 ICID 105 From: <a@example.net>"),
            (1, "MID 15 ICID 105 RID 0 To: <b@example.com>"),
            (40, "ICID 105 lost"),
            (40, "Message aborted MID 15 Receiving aborted"),
            (40, "Message finished MID 15 aborted"),
            (40, "ICID 105 close"));

        Assert.Equal(AbortClass.ConnectionLost, run.Single(15).AbortClass);
        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Lost, AbortClass.ConnectionLost, 39L), (c.Ending, c.AbortClass, c.IdleSeconds));
        Assert.Equal([15L], c.Mids);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_idle_to_the_listener_timeout_then_closed_timed_out(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 106 interface Data 1 (10.0.0.5) address 192.0.2.12 reverse dns host unknown verified no"),
            (0, "ICID 106 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"),
            (302, "ICID 106 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Timeout, AbortClass.Timeout, 302L, true), (c.Ending, c.AbortClass, c.IdleSeconds, c.NearTimeout));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_old_timeout_line_times_the_connection_out(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 107 interface Data 1 (10.0.0.5) address 192.0.2.13 reverse dns host unknown verified no"),
            (30, "ICID 107 disconnected address 192.0.2.13, no messages injected within timeout period"),
            (30, "ICID 107 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Timeout, AbortClass.Timeout, false), (c.Ending, c.AbortClass, c.NearTimeout));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_TLS_failure_then_close_keeps_the_reason(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 108 interface Data 1 (10.0.0.5) address 192.0.2.14 reverse dns host unknown verified no"),
            (0, "ICID 108 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"),
            (1, "ICID 108 TLS failed: [Errno 54] Connection reset by peer"),
            (1, "ICID 108 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Closed, AbortClass.None), (c.Ending, c.AbortClass));
        Assert.Equal("[Errno 54] Connection reset by peer", c.Connection!.TlsFailure);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_whose_recipients_were_all_refused_is_rejected(string form)
    {
        var run = Run(form,
            (0, "New SMTP ICID 109 interface Data 1 (10.0.0.5) address 192.0.2.15 reverse dns host unknown verified no"),
            (0, "ICID 109 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"),
            (1, "Start MID 19 ICID 109"),
            (1, "MID 19 ICID 109 From: <a@example.net>"),
            (1, "MID 19 ICID 109 To: <nobody@example.com> Rejected by RAT"),
            (1, "MID 19 ICID 109 To: <nobody2@example.com> Rejected by RAT"),
            (2, "ICID 109 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Rejected, 2), (c.Ending, c.RejectedRecipients));
        Assert.Equal([19L], c.Mids);
    }

    [Fact]
    public void A_connection_spanning_two_files_is_one_document()
    {
        var run = new PipelineRun();
        run.Pipeline.SetSource("esa1.example.com", "/logs/mail.@20140814T110000.s");
        run.Feed([Line(LineForms.FileForm, 0, "New SMTP ICID 110 interface Data 1 (10.0.0.5) address 192.0.2.16 reverse dns host unknown verified no"),
            Line(LineForms.FileForm, 1, "Start MID 20 ICID 110")]);
        run.Pipeline.SetSource("esa1.example.com", "/logs/mail.current");
        run.Feed([Line(LineForms.FileForm, 2, "MID 20 ICID 110 From: <a@example.net>"), Line(LineForms.FileForm, 3, "ICID 110 close")]);

        var c = Assert.Single(run.Connections);
        Assert.Equal((At(0), At(3), ConnectionEnding.Closed), (c.StartSeconds, c.EndSeconds, c.Ending));
        Assert.Equal("192.0.2.16", c.Connection!.SourceIp);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_connection_that_began_before_the_log_gets_a_document_at_close(string form)
    {
        var run = Run(form,
            (5, "MID 21 ICID 111 From: <a@example.net>"),
            (5, "MID 21 ICID 111 RID 0 To: <b@example.com>"),
            (6, "ICID 111 close"));

        var c = Assert.Single(run.Connections);
        Assert.Equal((111L, At(5), At(6), ConnectionEnding.Closed), (c.Icid, c.StartSeconds, c.EndSeconds, c.Ending));
        Assert.Null(c.Connection!.SourceIp);
        Assert.Equal([21L], c.Mids);
    }

    [Fact]
    public void Two_appliances_with_the_same_ICID_give_two_documents()
    {
        var run = new PipelineRun();
        run.Feed([
            "<22>Aug 14 11:00:00 esa1.example.com mail_logs: Info: New SMTP ICID 42 interface Data 1 (10.0.0.5) address 192.0.2.1 reverse dns host unknown verified no",
            "<22>Aug 14 11:00:00 esa2.example.com mail_logs: Info: New SMTP ICID 42 interface Data 1 (10.0.0.6) address 192.0.2.2 reverse dns host unknown verified no",
            "<22>Aug 14 11:00:01 esa1.example.com mail_logs: Info: ICID 42 close",
            "<22>Aug 14 11:00:02 esa2.example.com mail_logs: Info: ICID 42 close",
        ]);

        Assert.Equal(2, run.Connections.Count);
        Assert.Equal(["esa1.example.com", "esa2.example.com"], run.Connections.Select(c => c.Appliance));
        Assert.Equal(["192.0.2.1", "192.0.2.2"], run.Connections.Select(c => c.Connection!.SourceIp));
        Assert.NotEqual(run.Connections[0].EventId, run.Connections[1].EventId);
    }

    [Fact]
    public void A_connection_never_closed_is_flushed_as_incomplete()
    {
        var run = Run(LineForms.FileForm, (0, "New SMTP ICID 112 interface Data 1 (10.0.0.5) address 192.0.2.17 reverse dns host unknown verified no"), (4, "ICID 112 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS 0.5"));
        Assert.Empty(run.Connections);

        run.Pipeline.FlushIncomplete();

        var c = Assert.Single(run.Connections);
        Assert.Equal((ConnectionEnding.Incomplete, At(4), (long?)null), (c.Ending, c.EndSeconds, c.IdleSeconds));
    }

    [Fact]
    public void A_connection_silent_past_the_open_age_leaves_as_incomplete()
    {
        var run = new PipelineRun(new SessionizerOptions { MaxOpenAge = TimeSpan.FromMinutes(10) });
        run.Feed([Line(LineForms.FileForm, 0, "New SMTP ICID 113 interface Data 1 (10.0.0.5) address 192.0.2.18 reverse dns host unknown verified no"),
            Line(LineForms.FileForm, 3600, "New SMTP ICID 114 interface Data 1 (10.0.0.5) address 192.0.2.19 reverse dns host unknown verified no"),
            Line(LineForms.FileForm, 3601, "New SMTP ICID 115 interface Data 1 (10.0.0.5) address 192.0.2.19 reverse dns host unknown verified no")]);

        var c = Assert.Single(run.Connections);
        Assert.Equal((113L, ConnectionEnding.Incomplete), (c.Icid, c.Ending));
    }

    [Fact]
    public void No_connections_turns_them_off()
    {
        var run = new PipelineRun(new SessionizerOptions { Connections = false });
        run.Feed([Line(LineForms.FileForm, 0, "New SMTP ICID 116 interface Data 1 (10.0.0.5) address 192.0.2.20 reverse dns host unknown verified no"),
            Line(LineForms.FileForm, 1, "ICID 116 close")]);

        Assert.Empty(run.Connections);
        Assert.Equal(0, run.Counters.ConnectionDocuments);
    }

    [Fact]
    public void Saved_state_keeps_an_open_connection_across_a_restart()
    {
        string[] lines =
        [
            Line(LineForms.FileForm, 0, "New SMTP ICID 117 interface Data 1 (10.0.0.5) address 192.0.2.21 reverse dns host unknown verified no"),
            Line(LineForms.FileForm, 1, "Start MID 27 ICID 117"),
            Line(LineForms.FileForm, 1, "MID 27 ICID 117 To: <x@example.com> Rejected by RAT"),
            Line(LineForms.FileForm, 9, "ICID 117 close"),
        ];
        var first = new PipelineRun();
        first.Feed(lines[..3]);
        var state = new MemoryStream();
        SessionizerState.Write(first.Pipeline.Sessionizer, state);

        var second = new PipelineRun();
        SessionizerState.Read(second.Pipeline.Sessionizer, new MemoryStream(state.ToArray()));
        second.Feed(lines[3..]);

        var c = Assert.Single(second.Connections);
        Assert.Equal((At(0), ConnectionEnding.Rejected, 1, 8L), (c.StartSeconds, c.Ending, c.RejectedRecipients, c.IdleSeconds));
        Assert.Equal([27L], c.Mids);
        Assert.Equal(
            Assert.Single(Run(LineForms.FileForm, [.. lines.Select(l => (0, l))], raw: true).Connections).EventId,
            c.EventId);
    }

    [Fact]
    public void The_NDJSON_holds_both_kinds_told_apart_by_dataset()
    {
        string[] lines =
        [
            Line(LineForms.FileForm, 0, "New SMTP ICID 118 interface Data 1 (10.0.0.5) address 192.0.2.22 reverse dns host mx.example.net verified yes"),
            Line(LineForms.FileForm, 1, "Start MID 28 ICID 118"),
            Line(LineForms.FileForm, 1, "MID 28 ICID 118 From: <a@example.net>"),
            Line(LineForms.FileForm, 2, "Message finished MID 28 done"),
            Line(LineForms.FileForm, 3, "ICID 118 close"),
        ];
        string ndjson = DirectNdjson.Of(lines.Select(Encoding.UTF8.GetBytes), "esa1.example.com", null, connections: true);

        var documents = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(["cisco_esa.session", "cisco_esa.connection"], documents.Select(d => d.GetProperty("event").GetProperty("dataset").GetString()));
        var connection = documents[1];
        Assert.Equal("connection-closed", connection.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal(3_000_000_000L, connection.GetProperty("event").GetProperty("duration").GetInt64());
        Assert.Equal("[28]", connection.GetProperty("cisco").GetProperty("esa").GetProperty("mids").GetRawText());
        Assert.Equal("192.0.2.22", connection.GetProperty("source").GetProperty("ip").GetString());
        Assert.Equal(EventIdentity.ForConnection("esa1.example.com", 118, At(0)), connection.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(ndjson.Split('\n')[0] + "\n", DirectNdjson.Of(lines.Select(Encoding.UTF8.GetBytes), "esa1.example.com", null));
    }

    private static long At(int seconds) => new DateTimeOffset(Base).ToUnixTimeSeconds() + seconds;

    private static string Line(string form, int seconds, string body)
    {
        var time = Base.AddSeconds(seconds);
        return form == LineForms.Syslog
            ? $"<22>{time.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture)} esa1.example.com mail_logs: Info: {body}"
            : $"{time.ToString("ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)} Info: {body}";
    }

    private static PipelineRun Run(string form, params (int Seconds, string Body)[] lines) => Run(form, lines, raw: false);

    private static PipelineRun Run(string form, (int Seconds, string Body)[] lines, bool raw) =>
        PipelineRun.Of(lines.Select(l => raw ? l.Body : Line(form, l.Seconds, l.Body)));
}

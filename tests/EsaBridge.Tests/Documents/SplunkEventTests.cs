using System.Buffers;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Documents;

/// <summary>The contract's "Splunk events" section, on the seed's messages.</summary>
public class SplunkEventTests
{
    private readonly PipelineRun _run = PipelineRun.Of(PipelineRun.SampleLines("seed-tech-note.log"));

    [Fact]
    public void ConnectionLostEventCarriesCimNamesAndTheProjectsFields()
    {
        var e = Render(_run.Single(1404), new SplunkEnvelope { Index = "mail" });

        Assert.Equal(1408014336, e.GetProperty("time").GetInt64());
        Assert.Equal("esa1.example.com", e.GetProperty("host").GetString());
        Assert.Equal("syslog", e.GetProperty("source").GetString());
        Assert.Equal("cisco:esa:session", e.GetProperty("sourcetype").GetString());
        Assert.Equal("mail", e.GetProperty("index").GetString());
        var ev = e.GetProperty("event");
        Assert.Equal("192.168.0.200", ev.GetProperty("src").GetString());
        Assert.Equal("192.168.0.200", ev.GetProperty("src_ip").GetString());
        Assert.Equal("ns.example.com", ev.GetProperty("src_host").GetString());
        Assert.Equal("192.168.0.199", ev.GetProperty("dest").GetString());
        Assert.Equal("192.168.0.199", ev.GetProperty("dest_ip").GetString());
        Assert.Equal("user@domain.com", ev.GetProperty("sender").GetString());
        Assert.Equal("end_user@example.com", ev.GetProperty("recipient")[0].GetString());
        Assert.Equal(1, ev.GetProperty("recipient_count").GetInt32());
        Assert.Equal(1404, ev.GetProperty("internal_message_id").GetInt64());
        Assert.Equal(45, ev.GetProperty("duration").GetInt64());
        Assert.Equal("blocked", ev.GetProperty("action").GetString());
        Assert.Equal("smtp", ev.GetProperty("protocol").GetString());
        Assert.Equal("Cisco Secure Email Gateway", ev.GetProperty("vendor_product").GetString());
        Assert.Equal(10293, ev.GetProperty("icid").GetInt64());
        Assert.Equal("connection_lost", ev.GetProperty("abort_class").GetString());
        Assert.False(ev.GetProperty("near_timeout").GetBoolean());
        Assert.Equal(36, ev.GetProperty("idle_seconds").GetInt64());
        Assert.Equal("Receiving aborted", ev.GetProperty("reason").GetString());
        Assert.Contains("packet capture", ev.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal("RELAY_SG", ev.GetProperty("sender_group").GetString());
        Assert.Equal(_run.Single(1404).EventId, ev.GetProperty("event_id").GetString());
    }

    [Fact]
    public void TimeoutWithoutConnectionLinesLeavesTheNetworkFieldsOut()
    {
        var ev = Render(_run.Single(1558778), new SplunkEnvelope()).GetProperty("event");

        Assert.False(ev.TryGetProperty("src", out _));
        Assert.False(ev.TryGetProperty("dest", out _));
        Assert.True(ev.GetProperty("near_timeout").GetBoolean());
        Assert.Equal("timeout", ev.GetProperty("abort_class").GetString());
    }

    [Fact]
    public void TlsIsTheConnectionsProtocolAndAbsentWithoutTls()
    {
        static string L(string time, string body) => $"Thu Aug 14 {time} 2014 Info: {body}";
        var run = PipelineRun.Of([
            L("10:00:00", "New SMTP ICID 5 interface Data 1 (10.0.0.5) address 203.0.113.7 reverse dns host mx.partner.example verified yes"),
            L("10:00:00", "ICID 5 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 2.5 country France"),
            L("10:00:00", "ICID 5 TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"),
            L("10:00:01", "Start MID 100 ICID 5"),
            L("10:00:01", "New SMTP ICID 6 interface Data 1 (10.0.0.5) address 198.51.100.9 reverse dns host mx.other.example verified yes"),
            L("10:00:01", "ICID 6 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 1.0 country France"),
            L("10:00:02", "Start MID 200 ICID 6"),
            L("10:00:03", "Message finished MID 100 done"),
            L("10:00:03", "Message finished MID 200 done"),
        ]);

        var secured = Render(run.Single(100), new SplunkEnvelope()).GetProperty("event");
        var plain = Render(run.Single(200), new SplunkEnvelope()).GetProperty("event");

        Assert.Equal("TLSv1.2", secured.GetProperty("tls").GetString());
        var names = secured.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["sender_group", "sbrs", "tls"], names.Skip(names.IndexOf("sender_group")).Take(3));
        Assert.False(plain.TryGetProperty("tls", out _));
        Assert.Equal(1.0, plain.GetProperty("sbrs").GetDouble());
    }

    /// <summary>Contract version 2: CIM's action follows the disposition, and is absent when nothing says what became of the message.</summary>
    [Theory]
    [InlineData("delivered", "delivered")]
    [InlineData("partially_delivered", "delivered")]
    [InlineData("bounced", "blocked")]
    [InlineData("dropped", "blocked")]
    [InlineData("aborted", "blocked")]
    [InlineData("quarantined", "quarantined")]
    [InlineData("unknown", null)]
    [InlineData("incomplete", null)]
    public void ActionFollowsTheDisposition(string disposition, string? action)
    {
        var record = _run.Single(1404);
        var withDisposition = new SessionRecord
        {
            EventId = record.EventId,
            Appliance = record.Appliance,
            Mid = record.Mid,
            Outcome = disposition == "incomplete" ? MessageOutcome.Incomplete : disposition == "aborted" ? MessageOutcome.Aborted : MessageOutcome.Done,
            StartSeconds = record.StartSeconds,
            EndSeconds = record.EndSeconds,
            AbortClass = record.AbortClass,
            Disposition = disposition,
        };

        var ev = Render(withDisposition, new SplunkEnvelope()).GetProperty("event");
        Assert.Equal(disposition, ev.GetProperty("disposition").GetString());
        Assert.Equal(action, ev.TryGetProperty("action", out var a) ? a.GetString() : null);
    }

    /// <summary>A document spooled by a release before dispositions keeps the action version 1 gave it.</summary>
    [Theory]
    [InlineData("message-done", "delivered")]
    [InlineData("message-aborted", "blocked")]
    [InlineData("message-incomplete", "unknown")]
    public void ADocumentWithoutADispositionKeepsItsVersion1Action(string ecsAction, string action)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(EcsJson.ToUtf8(_run.Single(1404)))!.AsObject();
        document["event"]!["action"] = ecsAction;
        document["cisco"]!["esa"]!.AsObject().Remove("disposition");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SplunkEventTranscoder.Write(writer, System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()), new SplunkEnvelope());
        }

        var ev = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("event");
        Assert.Equal(action, ev.GetProperty("action").GetString());
        Assert.False(ev.TryGetProperty("disposition", out _));
    }

    private static JsonElement Render(SessionRecord record, SplunkEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SplunkEventTranscoder.Write(writer, EcsJson.ToUtf8(record), envelope);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Documents;

/// <summary>The HEC event derived from a document's ECS bytes: the same bytes as ever, whatever the ECS escaping.</summary>
public class SplunkEventTranscoderTests
{
    public static TheoryData<string> Samples => new(
        ["esa-mail.log", "seed-tech-note.log", "hat-country.log", "verdicts.log",
         .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "public"), "*.log").Select(f => Path.Combine("public", Path.GetFileName(f)))]);

    public static TheoryData<bool, string?, string?, string> Envelopes => new()
    {
        { false, null, null, SplunkEnvelope.DefaultSourcetype },
        { true, "mail", "esa-prod", "cisco:esa:custom" },
        { false, "idx", null, SplunkEnvelope.DefaultSourcetype },
    };

    /// <summary>
    /// The HEC events of every message of the shipped samples, under two envelopes, are the bytes kept in
    /// Samples/hec/ (written by the former record-based Splunk writer, which the transcoder matched byte for byte).
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryMessageOfTheShippedSamplesTranscodesToTheKeptEvents(string sample)
    {
        string golden = Path.Combine(AppContext.BaseDirectory, "Samples", "hec", Path.GetFileName(sample) + ".ndjson");
        Assert.Equal(File.ReadAllText(golden), Events(sample));
    }

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void EscapedEcsTextIsUnescapedBeforeTheEventIsWritten(bool relaxed, string? index, string? source, string sourcetype)
    {
        var record = Records("seed-tech-note.log")[0];
        var tricky = new SessionRecord
        {
            EventId = record.EventId,
            Appliance = "esa\"1",
            Mid = 7,
            Icid = 0,
            Outcome = MessageOutcome.Incomplete,
            StartSeconds = 0,
            EndSeconds = 86399,
            AbortClass = AbortClass.None,
            Subject = "Grüße <b>\\ \u0001 \"quoted\" 東京",
            From = "a+b@exämple.com",
            To = ["x@y.z", "\"odd\"@q.r"],
            Dcids = [1, 2, 3],
            LogPath = "/var/log/mail \\ log",
        };
        var envelope = new SplunkEnvelope { Index = index, Source = source, Sourcetype = sourcetype };
        byte[] ecsRelaxed = EcsJson.ToUtf8(tricky);
        byte[] ecsDefault = JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(ecsRelaxed).RootElement);
        Assert.NotEqual(ecsRelaxed, ecsDefault);

        byte[] expected = Written(w => SplunkEventTranscoder.Write(w, ecsRelaxed, envelope), relaxed);
        Assert.Equal(expected, Written(w => SplunkEventTranscoder.Write(w, ecsDefault, envelope), relaxed));
        var ev = JsonDocument.Parse(expected).RootElement;
        Assert.Equal(86399, ev.GetProperty("time").GetInt64());
        Assert.Equal("esa\"1", ev.GetProperty("host").GetString());
        Assert.Equal(source ?? tricky.LogPath, ev.GetProperty("source").GetString());
        var e = ev.GetProperty("event");
        Assert.False(e.TryGetProperty("action", out _), "an incomplete message has no CIM action");
        Assert.Equal("incomplete", e.GetProperty("disposition").GetString());
        Assert.Equal(tricky.Subject, e.GetProperty("subject").GetString());
        Assert.Equal(tricky.From, e.GetProperty("sender").GetString());
        Assert.Equal(tricky.To, e.GetProperty("recipient").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([1, 2, 3], e.GetProperty("dcid").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public void TheConnectionsTlsProtocolIsCarriedOver()
    {
        var secured = Records("esa-mail.log").Where(r => r.Connection?.Tls is not null).ToList();
        Assert.NotEmpty(secured);
        foreach (var record in secured)
        {
            var ev = JsonDocument.Parse(Written(w => SplunkEventTranscoder.Write(w, EcsJson.ToUtf8(record), new SplunkEnvelope()), relaxed: true)).RootElement.GetProperty("event");
            Assert.Equal(record.Connection!.Tls, ev.GetProperty("tls").GetString());
        }
    }

    /// <summary>
    /// Splunk extracts an event's JSON at search time only from its first 5,000 bytes (limits.conf <c>[spath]</c>
    /// <c>extraction_cutoff = 5000</c>, which <c>KV_MODE = json</c> obeys): with 500 recipients and a 4 KB subject
    /// every scalar key of the event (all but the lists and the free texts subject, reason and hint) still ends
    /// inside them, from the record and from its spooled ECS bytes alike.
    /// </summary>
    [Fact]
    public void EveryScalarKeyOfALargeMessageEndsWithinSplunksExtractionCutoff()
    {
        const int ExtractionCutoff = 5000;
        var seed = Records("seed-tech-note.log").Single(r => r.Mid == 1404);
        var large = new SessionRecord
        {
            EventId = seed.EventId,
            Appliance = seed.Appliance,
            Mid = seed.Mid,
            Icid = seed.Icid,
            Outcome = seed.Outcome,
            StartSeconds = seed.StartSeconds,
            EndSeconds = seed.EndSeconds,
            Reason = seed.Reason,
            AbortClass = seed.AbortClass,
            NearTimeout = seed.NearTimeout,
            IdleSeconds = seed.IdleSeconds,
            From = "newsletter-bounces+1234567890@lists.example-sender.com",
            To = [.. Enumerable.Range(0, 500).Select(i => $"recipient.number{i:D3}@example.com")],
            MessageId = "<20140814110536.1404.abcdef@mail.example-sender.com>",
            Subject = new string('S', 4096),
            Size = 123456,
            Dcids = [11, 12, 13],
            Connection = seed.Connection,
            LogPath = seed.LogPath,
        };
        var envelope = new SplunkEnvelope { Index = "mail" };
        string[] freeTexts = ["subject", "reason", "hint"];

        byte[] body = Written(w => SplunkEventTranscoder.Write(w, EcsJson.ToUtf8(large), envelope), relaxed: true);
        byte[] ev = Encoding.UTF8.GetBytes(JsonDocument.Parse(body).RootElement.GetProperty("event").GetRawText());
        var ends = KeyEnds(ev);
        Assert.True(ev.Length > 20_000, $"the event is only {ev.Length} bytes");
        Assert.True(ends.Count >= 20, string.Join(",", ends.Keys));
        foreach (string key in (string[])["action", "abort_class", "near_timeout", "idle_seconds", "src_ip", "src_host", "sender", "sender_group", "event_id", "recipient_count"])
        {
            Assert.True(ends.ContainsKey(key), $"{key} is not in the event");
        }

        foreach (var (key, (end, scalar)) in ends)
        {
            if (scalar && !freeTexts.Contains(key))
            {
                Assert.True(end <= ExtractionCutoff, $"{key} ends at byte {end}, past Splunk's {ExtractionCutoff}-byte extraction cutoff");
            }
        }
    }

    /// <summary>For each top-level key of a JSON object: the byte offset where its value ends, and whether the value is a scalar.</summary>
    private static Dictionary<string, (long End, bool Scalar)> KeyEnds(byte[] json)
    {
        var ends = new Dictionary<string, (long, bool)>(StringComparer.Ordinal);
        var r = new Utf8JsonReader(json);
        r.Read();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            string name = r.GetString()!;
            r.Read();
            bool scalar = r.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject);
            r.Skip();
            ends[name] = (r.BytesConsumed, scalar);
        }

        return ends;
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"@timestamp\":\"2014-08-14T11:05:36Z\"}")]
    [InlineData("{\"@timestamp\":\"yesterday\",\"event\":{\"id\":\"x\"},\"cisco\":{\"esa\":{\"mid\":1,\"duration_seconds\":0,\"abort\":{\"class\":\"none\"}}}}")]
    [InlineData("{\"@timestamp\":")]
    public void WhatIsNotASessionDocumentIsAFormatError(string json)
    {
        Assert.Throws<FormatException>(() => Written(w => SplunkEventTranscoder.Write(w, Encoding.UTF8.GetBytes(json), new SplunkEnvelope()), relaxed: true));
    }

    /// <summary>The events of a sample's messages under two envelopes, one line each (the content of its file in Samples/hec/).</summary>
    internal static string Events(string sample)
    {
        var run = new PipelineRun();
        run.Pipeline.SetSource("esa1.example.com", "/var/log/esa/" + Path.GetFileName(sample));
        run.Feed(PipelineRun.SampleLines(sample));
        run.Pipeline.FlushIncomplete();
        var events = new StringBuilder();
        foreach (var (relaxed, envelope) in new[] { (false, new SplunkEnvelope()), (true, new SplunkEnvelope { Index = "mail", Source = "esa-prod", Sourcetype = "cisco:esa:custom" }) })
        {
            foreach (var record in run.Records)
            {
                events.Append(Encoding.UTF8.GetString(Written(w => SplunkEventTranscoder.Write(w, EcsJson.ToUtf8(record), envelope), relaxed))).Append('\n');
            }
        }

        return events.ToString();
    }

    private static List<SessionRecord> Records(string sample)
    {
        var run = new PipelineRun();
        run.Pipeline.SetSource("esa1.example.com", PipelineRun.SamplePath(sample));
        run.Feed(PipelineRun.SampleLines(sample));
        run.Pipeline.FlushIncomplete();
        return run.Records;
    }

    private delegate void Writing(Utf8JsonWriter writer);

    private static byte[] Written(Writing write, bool relaxed)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

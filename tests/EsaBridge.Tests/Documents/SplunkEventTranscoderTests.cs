using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Documents;

/// <summary>The HEC event made from a record's ECS bytes is the one made from the record itself, byte for byte.</summary>
public class SplunkEventTranscoderTests
{
    public static TheoryData<string> Samples => new(
        ["esa-mail.log", "seed-tech-note.log",
         .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "public"), "*.log").Select(f => Path.Combine("public", Path.GetFileName(f)))]);

    public static TheoryData<bool, string?, string?, string> Envelopes => new()
    {
        { false, null, null, SplunkEnvelope.DefaultSourcetype },
        { true, "mail", "esa-prod", "cisco:esa:custom" },
        { false, "idx", null, SplunkEnvelope.DefaultSourcetype },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryRecordOfTheShippedSamplesTranscodesToTheWritersBytes(string sample)
    {
        var records = Records(sample);
        Assert.NotEmpty(records);
        foreach (var (relaxed, index, source, sourcetype) in new[] { (false, (string?)null, (string?)null, SplunkEnvelope.DefaultSourcetype), (true, "mail", "esa-prod", "cisco:esa:custom") })
        {
            var envelope = new SplunkEnvelope { Index = index, Source = source, Sourcetype = sourcetype };
            foreach (var record in records)
            {
                byte[] ecs = NdjsonEncoder.ToUtf8(record);
                Assert.Equal(Written(w => SplunkEventWriter.Write(w, record, envelope), relaxed), Written(w => SplunkEventTranscoder.Write(w, ecs, envelope), relaxed));
            }
        }
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
        byte[] ecsDefault = Written(w => EcsDocumentWriter.Write(w, tricky), relaxed: false);
        byte[] ecsRelaxed = NdjsonEncoder.ToUtf8(tricky);

        byte[] expected = Written(w => SplunkEventWriter.Write(w, tricky, envelope), relaxed);
        Assert.Equal(expected, Written(w => SplunkEventTranscoder.Write(w, ecsDefault, envelope), relaxed));
        Assert.Equal(expected, Written(w => SplunkEventTranscoder.Write(w, ecsRelaxed, envelope), relaxed));
        var ev = JsonDocument.Parse(expected).RootElement;
        Assert.Equal(86399, ev.GetProperty("time").GetInt64());
        Assert.Equal("unknown", ev.GetProperty("event").GetProperty("action").GetString());
    }

    [Fact]
    public void TheConnectionsTlsProtocolIsCarriedOver()
    {
        var secured = Records("esa-mail.log").Where(r => r.Connection?.Tls is not null).ToList();
        Assert.NotEmpty(secured);
        foreach (var record in secured)
        {
            var ev = JsonDocument.Parse(Written(w => SplunkEventTranscoder.Write(w, NdjsonEncoder.ToUtf8(record), new SplunkEnvelope()), relaxed: true)).RootElement.GetProperty("event");
            Assert.Equal(record.Connection!.Tls, ev.GetProperty("tls").GetString());
        }
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

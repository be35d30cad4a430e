using System.Text;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Parsing;

namespace EsaBridge.Tests.Sessions;

/// <summary>A message's scan verdicts and filter actions, from its lines to its document and its Splunk event.</summary>
/// <remarks>
/// Samples/verdicts.log puts the real line forms of <see cref="Parsing.VerdictLineTests"/> on one message (MID 900)
/// and a TLS failure on another (MID 901). Two of its lines are constructed, no public line having the shape: the
/// outbreak line's <c>Category: Virus</c> and the DMARC line's <c>p=reject</c>.
/// </remarks>
public class VerdictSessionTests
{
    private static readonly string[] Message900 = [.. PipelineRun.SampleLines("verdicts.log").Take(30)];

    [Theory]
    [InlineData("None", "none")]
    [InlineData("Pass", "pass")]
    [InlineData("pass", "pass")]
    [InlineData("PASS", "pass")]
    [InlineData("SoftFail", "softfail")]
    [InlineData("softFail", "softfail")]
    [InlineData("Fail", "fail")]
    [InlineData("Neutral", "neutral")]
    [InlineData("TempError", "temperror")]
    [InlineData("PermError", "permerror")]
    public void An_spf_word_is_lowercased_however_it_is_spelled(string logged, string expected)
    {
        // The usual spellings take a shortcut (VerdictState.KnownWord), the others the general way: both agree.
        var lines = Message900.Select(l => l.Contains("SPF: helo", StringComparison.Ordinal)
            ? $"Mon Jan  1 10:00:02 2024 Info: MID 900 SPF: helo identity postmaster@mail.sender.example {logged}"
            : l);
        string ndjson = DirectNdjson.Of(lines.Select(Encoding.UTF8.GetBytes), "esa1.example.com", "/var/log/esa/mail.current");
        using var document = JsonDocument.Parse(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());

        Assert.Equal(expected, document.RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("spf").GetProperty("helo").GetString());
    }

    [Theory]
    [InlineData(LineForms.FileForm)]
    [InlineData(LineForms.Syslog)]
    public void A_message_with_every_verdict_has_them_all_in_its_document_and_its_splunk_event(string form)
    {
        var lines = Message900.Select(l => LineForms.Render(form, l[(l.IndexOf("Info: ", StringComparison.Ordinal) + "Info: ".Length)..]));
        string ndjson = DirectNdjson.Of(lines.Select(Encoding.UTF8.GetBytes), "esa1.example.com", "/var/log/esa/mail.current");
        using var document = JsonDocument.Parse(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
        var esa = document.RootElement.GetProperty("cisco").GetProperty("esa");
        var verdict = esa.GetProperty("verdict");

        Assert.Equal("negative", verdict.GetProperty("spam").GetString());
        Assert.Equal("CASE", verdict.GetProperty("spam_engine").GetString());
        Assert.Equal("negative", verdict.GetProperty("graymail").GetString());
        Assert.Equal("positive", verdict.GetProperty("antivirus").GetString());
        Assert.Equal("W32/Sober-P", verdict.GetProperty("antivirus_threat").GetString());
        Assert.Equal("malware", verdict.GetProperty("amp").GetString());
        Assert.Equal("positive", verdict.GetProperty("outbreak").GetString());
        Assert.Equal("Virus", verdict.GetProperty("outbreak_threat").GetString());
        Assert.Equal("violation", verdict.GetProperty("dlp").GetString());
        Assert.Equal("PCI-DSS (Payment Card Industry Data Security Standard)", esa.GetProperty("dlp").GetProperty("policy").GetString());
        Assert.Equal("none", esa.GetProperty("spf").GetProperty("helo").GetString());
        Assert.Equal("pass", esa.GetProperty("spf").GetProperty("mailfrom").GetString());
        Assert.Equal("pass", esa.GetProperty("spf").GetProperty("pra").GetString());
        Assert.Equal("pass", esa.GetProperty("dkim").GetProperty("result").GetString());
        Assert.Equal("sender.example", esa.GetProperty("dkim").GetProperty("domain").GetString());
        Assert.Equal("pass", esa.GetProperty("dmarc").GetProperty("result").GetString());
        Assert.Equal("reject", esa.GetProperty("dmarc").GetProperty("policy").GetString());
        Assert.Equal("neutral", esa.GetProperty("sdr").GetProperty("threat_level").GetString());
        Assert.Equal(["drop_malware"], esa.GetProperty("filters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Mail Not DKIM Signed"], esa.GetProperty("custom_log").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ECDHE-RSA-AES256-GCM-SHA384", esa.GetProperty("connection").GetProperty("tls_cipher").GetString());
        Assert.Equal(["invoice.pdf.exe"], document.RootElement.GetProperty("email").GetProperty("attachments").GetProperty("file").GetProperty("name").EnumerateArray().Select(e => e.GetString()));

        var ev = SplunkEvent(Encoding.UTF8.GetBytes(ndjson.TrimEnd('\n'))).GetProperty("event");
        Assert.Equal("negative", ev.GetProperty("spam_verdict").GetString());
        Assert.Equal("positive", ev.GetProperty("av_verdict").GetString());
        Assert.Equal("W32/Sober-P", ev.GetProperty("signature").GetString());
        Assert.Equal("malware", ev.GetProperty("amp_verdict").GetString());
        Assert.Equal("pass", ev.GetProperty("spf_mailfrom").GetString());
        Assert.Equal("pass", ev.GetProperty("dkim").GetString());
        Assert.Equal("pass", ev.GetProperty("dmarc").GetString());
        Assert.Equal("neutral", ev.GetProperty("sdr_threat_level").GetString());
        Assert.Equal(["invoice.pdf.exe"], ev.GetProperty("file_name").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["drop_malware"], ev.GetProperty("filter_name").EnumerateArray().Select(e => e.GetString()));
        var keys = ev.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(keys.IndexOf("sdr_threat_level") < keys.IndexOf("recipient"), "the verdicts come before the lists");
        Assert.True(keys.IndexOf("file_name") < keys.IndexOf("subject"), "the file names come before the subject");
    }

    [Fact]
    public void A_message_without_verdict_lines_has_no_verdict_fields()
    {
        string ndjson = DirectNdjson.Of(PipelineRun.SampleLines("verdicts.log").Skip(30).Select(Encoding.UTF8.GetBytes), "esa1.example.com", null);
        using var document = JsonDocument.Parse(ndjson.TrimEnd('\n'));
        var esa = document.RootElement.GetProperty("cisco").GetProperty("esa");

        foreach (string absent in new[] { "verdict", "spf", "dkim", "dmarc", "sdr", "dlp", "filters", "custom_log" })
        {
            Assert.False(esa.TryGetProperty(absent, out _), absent);
        }

        Assert.False(document.RootElement.GetProperty("email").TryGetProperty("attachments", out _));
        Assert.Equal("[Errno 54] Connection reset by peer", esa.GetProperty("connection").GetProperty("tls_failure").GetString());
        var ev = SplunkEvent(Encoding.UTF8.GetBytes(ndjson.TrimEnd('\n'))).GetProperty("event");
        Assert.False(ev.TryGetProperty("file_name", out _));
        Assert.Equal("[Errno 54] Connection reset by peer", ev.GetProperty("tls_failure").GetString());
    }

    [Fact]
    public void Verdicts_repeated_after_a_rewrite_take_the_last_line_of_each_kind()
    {
        var record = Run(
            "Info: Start MID 3 ICID 0",
            "Info: MID 3 interim verdict using engine: CASE spam positive",
            "Info: MID 3 using engine: CASE spam positive",
            "Info: MID 3 antivirus positive 'EICAR-AV-Test'",
            "Info: MID 3 SPF: mailfrom identity a@b.example Fail",
            "Info: MID 3 rewritten to MID 4 by antispam",
            "Info: MID 3 interim verdict using engine: CASE spam negative",
            "Info: MID 3 antivirus negative",
            "Info: MID 3 SPF: mailfrom identity a@b.example Pass",
            "Info: Message finished MID 3 done").Single(3).Verdicts!;

        // The interim verdict after the rescan does not replace the final one; the final line of the rescan would.
        Assert.Equal("positive", record.Spam);
        Assert.Equal("negative", record.Antivirus);
        Assert.Null(record.AntivirusThreat);
        Assert.Equal("pass", record.SpfMailFrom);
    }

    [Fact]
    public void The_interim_spam_verdict_stands_until_a_final_one_is_logged()
    {
        var run = Run(
            "Info: MID 8 interim verdict using engine: CASE spam suspect",
            "Info: Message finished MID 8 done",
            "Info: MID 9 interim verdict using engine: CASE spam suspect",
            "Info: MID 9 using engine: Cloudmark spam negative",
            "Info: Message finished MID 9 done");

        Assert.Equal(("suspect", "CASE"), (run.Single(8).Verdicts!.Spam, run.Single(8).Verdicts!.SpamEngine));
        Assert.Equal(("negative", "Cloudmark"), (run.Single(9).Verdicts!.Spam, run.Single(9).Verdicts!.SpamEngine));
    }

    [Theory]
    [InlineData("CLEAN,UNKNOWN,CLEAN", "unknown")]
    [InlineData("UNSCANNABLE,CLEAN", "unscannable")]
    [InlineData("LOWRISK,UNKNOWN", "low_risk")]
    [InlineData("MALWARE,LOW RISK,CLEAN", "malware")]
    [InlineData("SKIPPED", "skipped")]
    public void The_amp_verdict_is_the_worst_of_the_attachments(string verdicts, string worst)
    {
        var lines = verdicts.Split(',').Select(v => $"Info: MID 2 AMP file reputation verdict : {v}").Append("Info: Message finished MID 2 done");

        Assert.Equal(worst, Run([.. lines]).Single(2).Verdicts!.Amp);
    }

    [Fact]
    public void Filters_attachments_and_custom_entries_collect_in_order_and_names_once()
    {
        var verdicts = Run(
            "Info: MID 6 attachment 'a.zip'",
            "Info: MID 6 attachment 'b.doc'",
            "Info: MID 6 attachment 'a.zip'",
            "Info: MID 6 Custom Log Entry: first",
            "Info: MID 6 Custom Log Entry: first",
            "Info: MID 6 was bounced by content filter 'bounce_zip' in the inbound table",
            "Info: MID 6 was dropped by content filter 'drop_doc' in the inbound table",
            "Info: Message aborted MID 6 Dropped by content filter 'drop_doc' in the inbound table",
            "Info: Message finished MID 6 done").Single(6).Verdicts!;

        Assert.Equal(["a.zip", "b.doc"], verdicts.Attachments);
        Assert.Equal(["first", "first"], verdicts.CustomLog);
        Assert.Equal(["bounce_zip", "drop_doc"], verdicts.Filters);
    }

    [Fact]
    public void A_list_stops_growing_at_its_limit()
    {
        var lines = Enumerable.Range(0, VerdictState.MaxListItems + 10).Select(i => $"Info: MID 1 attachment 'f{i}.txt'").Append("Info: Message finished MID 1 done");

        var names = Run([.. lines]).Single(1).Verdicts!.Attachments;

        Assert.Equal(VerdictState.MaxListItems, names.Count);
        Assert.Equal("f0.txt", names[0]);
    }

    [Fact]
    public void Cut_verdict_lines_are_counted_malformed_and_set_nothing()
    {
        var run = Run(
            "Info: Start MID 5 ICID 0",
            "Info: MID 5 antivirus ",
            "Info: MID 5 using engine: CASE spam",
            "Info: MID 5 AMP file reputation verdict",
            "Info: MID 5 DKIM: ",
            "Info: Message finished MID 5 done");

        Assert.Equal(3, run.Counters.Malformed);
        Assert.Null(run.Single(5).Verdicts);
    }

    [Fact]
    public void A_message_whose_connection_began_before_the_log_has_no_lost_field()
    {
        string ndjson = DirectNdjson.Of(
            new[]
            {
                "Thu Aug 14 11:04:31 2014 Info: Start MID 77 ICID 4242",
                "Thu Aug 14 11:04:31 2014 Info: MID 77 ICID 4242 From: <a@b.example>",
                "Thu Aug 14 11:04:32 2014 Info: Message finished MID 77 done",
                "Thu Aug 14 11:04:33 2014 Info: Start MID 78 ICID 4243",
                "Thu Aug 14 11:04:34 2014 Info: ICID 4243 close",
                "Thu Aug 14 11:04:35 2014 Info: Message finished MID 78 done",
            }.Select(Encoding.UTF8.GetBytes),
            "esa1.example.com",
            null);
        var documents = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(d => JsonDocument.Parse(d).RootElement.GetProperty("cisco").GetProperty("esa")).ToList();

        Assert.False(documents[0].TryGetProperty("connection", out _), "nothing of ICID 4242 was seen but the message's own lines");
        Assert.False(documents[1].GetProperty("connection").GetProperty("lost").GetBoolean());
    }

    [Fact]
    public void Verdicts_and_tls_fields_survive_a_checkpoint()
    {
        string[] lines = [.. PipelineRun.SampleLines("verdicts.log")];
        var expected = Documents(lines, restoreAt: -1);

        for (int at = 1; at < lines.Length; at += 3)
        {
            Assert.Equal(expected, Documents(lines, at));
        }
    }

    private static List<string> Documents(string[] lines, int restoreAt)
    {
        var documents = new List<string>();
        LogPipeline New()
        {
            var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), r => documents.Add(EcsJson.ToJson(r)));
            pipeline.SetSource("esa1.example.com", null);
            return pipeline;
        }

        var pipeline = New();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == restoreAt)
            {
                var state = new MemoryStream();
                SessionizerState.Write(pipeline.Sessionizer, state);
                pipeline = New();
                SessionizerState.Read(pipeline.Sessionizer, new MemoryStream(state.ToArray()));
            }

            pipeline.Feed(Encoding.UTF8.GetBytes(lines[i]));
        }

        return documents;
    }

    private static PipelineRun Run(params string[] lines) => PipelineRun.Of(lines.Select(l => "Thu Aug 14 11:04:31 2014 " + l));

    private static JsonElement SplunkEvent(byte[] ecs)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SplunkEventTranscoder.Write(writer, ecs, new SplunkEnvelope());
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}

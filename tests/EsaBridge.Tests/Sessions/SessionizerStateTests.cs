using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>A sessionizer saved mid-stream and restored into a new process carries on as if it had never stopped.</summary>
public sealed class SessionizerStateTests
{
    public static TheoryData<string> Samples() => new() { "esa-mail.log", "seed-tech-note.log" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Restoring_at_any_line_gives_the_same_documents_as_one_uninterrupted_run(string sample)
    {
        byte[][] lines = [.. PipelineRun.SampleLines(sample).Select(Encoding.UTF8.GetBytes)];
        var expected = Run(lines, []);

        for (int split = 1; split < lines.Length; split += Math.Max(1, lines.Length / 40))
        {
            var actual = Run(lines, [split]);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>Recipients with results, rejected recipients, quarantines and the open delivery connections survive a restore at any line.</summary>
    [Fact]
    public void Restoring_at_any_line_of_a_delivery_log_keeps_recipients_quarantines_and_delivery_connections()
    {
        string[] held =
        [
            "11:00:00|Start MID 43 ICID 51",
            "11:00:00|MID 43 ICID 51 RID 0 To: <user@example.com>",
            "11:00:01|MID 43 quarantined to \"Policy\"",
            "11:00:02|Message finished MID 43 done",
        ];
        byte[][] lines = [.. DispositionTests.SharedDcidLog.Concat(held)
            .Select(l => Encoding.UTF8.GetBytes($"Thu Aug 14 {l[..8]} 2014 Info: {l[9..]}"))];
        var expected = Run(lines, []);
        Assert.Contains(expected, d => d.Contains("\"destination_ip\":\"198.51.100.25\"", StringComparison.Ordinal));
        Assert.Contains(expected, d => d.Contains("\"quarantine\":[\"Policy\"]", StringComparison.Ordinal));

        for (int split = 1; split < lines.Length; split++)
        {
            Assert.Equal(expected, Run(lines, [split]));
        }
    }

    [Fact]
    public void Restoring_many_times_in_a_row_changes_nothing()
    {
        byte[][] lines = [.. PipelineRun.SampleLines("esa-mail.log").Select(Encoding.UTF8.GetBytes)];
        var everyTenLines = Enumerable.Range(1, lines.Length / 10).Select(i => i * 10).ToArray();

        Assert.Equal(Run(lines, []), Run(lines, everyTenLines));
    }

    [Fact]
    public void A_message_open_across_the_restore_keeps_its_connection_and_duration()
    {
        string[] before =
        [
            "Thu Aug 14 11:04:31 2014 Info: New SMTP ICID 7 interface Data 1 (192.168.0.199) address 192.168.0.200 reverse dns host mx.partner.example verified yes",
            "Thu Aug 14 11:04:31 2014 Info: ICID 7 ACCEPT SG UNKNOWNLIST match  SBRS 2.5",
            "Thu Aug 14 11:04:32 2014 Info: Start MID 9 ICID 7",
            "Thu Aug 14 11:04:33 2014 Info: MID 9 ICID 7 From: <a@partner.example>",
        ];
        string[] after =
        [
            "Thu Aug 14 11:04:40 2014 Info: ICID 7 lost",
            "Thu Aug 14 11:05:09 2014 Info: Message aborted MID 9 Receiving aborted",
            "Thu Aug 14 11:05:09 2014 Info: Message finished MID 9 aborted",
        ];

        var first = new PipelineRun();
        first.Feed(before);
        var state = Save(first.Pipeline.Sessionizer);
        var second = new PipelineRun();
        Restore(second.Pipeline.Sessionizer, state);
        second.Feed(after);

        var record = second.Single(9);
        Assert.Equal(AbortClass.ConnectionLost, record.AbortClass);
        Assert.Equal(37, record.DurationSeconds);
        Assert.Equal(36, record.IdleSeconds);
        Assert.Equal("192.168.0.200", record.Connection?.SourceIp);
        Assert.Equal("mx.partner.example", record.Connection?.ReverseDns);
        Assert.Equal(2.5, record.Connection?.Sbrs);
        Assert.Equal("a@partner.example", record.From);
    }

    /// <summary>
    /// A state read into the sessionizer that wrote it (or one that has run since): the next line of the message the
    /// last line named goes to the restored message, so its document has the lines from before and after.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_message_last_logged_before_the_save_takes_the_next_line_after_a_restore(bool runOnBeforeRestoring)
    {
        var run = new PipelineRun();
        run.Feed([
            "Thu Aug 14 11:04:32 2014 Info: Start MID 9 ICID 7",
            "Thu Aug 14 11:04:33 2014 Info: MID 9 ICID 7 From: <a@partner.example>",
            "Thu Aug 14 11:04:33 2014 Info: MID 9 ICID 7 RID 0 To: <b@example.com>",
        ]);
        var state = Save(run.Pipeline.Sessionizer);
        if (runOnBeforeRestoring)
        {
            run.Feed(["Thu Aug 14 11:04:34 2014 Info: MID 9 Subject 'not restored'"]);
        }

        Restore(run.Pipeline.Sessionizer, state);
        run.Feed([
            "Thu Aug 14 11:04:35 2014 Info: MID 9 Subject 'after the restore'",
            "Thu Aug 14 11:04:35 2014 Info: MID 9 ready 2048 bytes from <a@partner.example>",
            "Thu Aug 14 11:04:36 2014 Info: Message finished MID 9 done",
        ]);

        var record = run.Single(9);
        Assert.Equal(("a@partner.example", "after the restore", 2048L, 4L), (record.From, record.Subject, record.Size, record.DurationSeconds));
        Assert.Equal(["b@example.com"], record.To);
        Assert.Equal(0, run.Pipeline.Sessionizer.OpenMessages);
    }

    [Fact]
    public void Damaged_state_is_refused_with_a_clear_error()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log").Take(100));
        byte[] state = Save(run.Pipeline.Sessionizer);

        var truncated = new MemoryStream(state[..(state.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => SessionizerState.Read(new PipelineRun().Pipeline.Sessionizer, truncated));
        Assert.Throws<InvalidDataException>(() => SessionizerState.Read(new PipelineRun().Pipeline.Sessionizer, new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
    }

    [Fact]
    public void Fields_a_newer_release_wrote_are_skipped_and_the_rest_is_read()
    {
        byte[][] lines = [.. PipelineRun.SampleLines("esa-mail.log").Select(Encoding.UTF8.GetBytes)];
        var run = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log").Take(200));
        byte[] state = Save(run.Pipeline.Sessionizer);

        // The first record, after the magic and the version, is the clock: three longs. Give it a fourth one, as a
        // release that adds a field to it would write.
        const int clockAt = 8;
        Assert.Equal(2, BitConverter.ToInt32(state, 4));
        Assert.Equal(24, BitConverter.ToInt32(state, clockAt));
        byte[] newer = [
            .. state[..clockAt], .. BitConverter.GetBytes(24 + 8), .. state[(clockAt + 4)..(clockAt + 4 + 24)],
            .. BitConverter.GetBytes(long.MaxValue), .. state[(clockAt + 4 + 24)..]];

        var documents = new List<string>();
        var resumed = NewPipeline(documents);
        Restore(resumed.Sessionizer, newer);
        var expected = new List<string>();
        var plain = NewPipeline(expected);
        Restore(plain.Sessionizer, state);
        Assert.Equal(plain.Sessionizer.OpenMessages, resumed.Sessionizer.OpenMessages);
        foreach (var line in lines.Skip(200))
        {
            resumed.Feed(line);
            plain.Feed(line);
        }

        resumed.FlushIncomplete();
        plain.FlushIncomplete();
        Assert.NotEmpty(documents);
        Assert.Equal(expected, documents);
    }

    [Fact]
    public void A_record_longer_than_the_state_is_refused()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log").Take(100));
        byte[] state = Save(run.Pipeline.Sessionizer);
        BitConverter.GetBytes(state.Length).CopyTo(state, 8);

        Assert.Throws<InvalidDataException>(() => Restore(new PipelineRun().Pipeline.Sessionizer, state));
    }

    private static LogPipeline NewPipeline(List<string> documents)
    {
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions { MaxOpenAge = TimeSpan.FromHours(1) }, r => documents.Add(EcsJson.ToJson(r)));
        pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
        return pipeline;
    }

    private static List<string> Run(byte[][] lines, int[] restoreBefore)
    {
        var documents = new List<string>();
        LogPipeline NewPipeline()
        {
            var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions { MaxOpenAge = TimeSpan.FromHours(1) }, r => documents.Add(EcsJson.ToJson(r)));
            pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
            return pipeline;
        }

        var pipeline = NewPipeline();
        for (int i = 0; i < lines.Length; i++)
        {
            if (restoreBefore.Contains(i))
            {
                byte[] state = Save(pipeline.Sessionizer);
                pipeline = NewPipeline();
                Restore(pipeline.Sessionizer, state);
            }

            pipeline.Feed(lines[i]);
        }

        pipeline.FlushIncomplete();
        return documents;
    }

    private static byte[] Save(Sessionizer sessions)
    {
        var buffer = new MemoryStream();
        SessionizerState.Write(sessions, buffer);
        return buffer.ToArray();
    }

    private static void Restore(Sessionizer sessions, byte[] state) => SessionizerState.Read(sessions, new MemoryStream(state));
}

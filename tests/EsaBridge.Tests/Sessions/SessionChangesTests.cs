using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>A snapshot plus the changes written after it brings back the state a full snapshot taken then would.</summary>
public sealed class SessionChangesTests
{
    public static TheoryData<string> Samples() => new() { "esa-mail.log", "seed-tech-note.log" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Replaying_a_snapshot_and_its_changes_at_any_line_goes_on_exactly_as_a_full_snapshot_would(string sample)
    {
        byte[][] lines = [.. PipelineRun.SampleLines(sample).Select(Encoding.UTF8.GetBytes)];
        var expected = Run(lines, split: null, commitEvery: 1, replay: false);
        for (int split = 1; split < lines.Length; split += Math.Max(1, lines.Length / 30))
        {
            foreach (int commitEvery in new[] { 1, 3, 17 })
            {
                Assert.Equal(expected, Run(lines, split, commitEvery, replay: true));
                Assert.Equal(expected, Run(lines, split, commitEvery, replay: false));
            }
        }
    }

    [Fact]
    public void A_change_record_holds_only_what_changed()
    {
        var documents = new List<string>();
        var pipeline = NewPipeline(documents);
        for (int mid = 1; mid <= 2000; mid++)
        {
            pipeline.Feed(Encoding.UTF8.GetBytes($"Thu Aug 14 11:04:31 2014 Info: Start MID {mid} ICID {mid}"));
        }

        var snapshot = new MemoryStream();
        SessionizerState.WriteSnapshot(pipeline.Sessionizer, snapshot);
        pipeline.Feed(Encoding.UTF8.GetBytes("Thu Aug 14 11:04:32 2014 Info: MID 7 ICID 7 From: <a@partner.example>"));
        var change = new MemoryStream();
        SessionizerState.WriteChanges(pipeline.Sessionizer, change);

        Assert.True(change.Length * 100 < snapshot.Length, $"change {change.Length} bytes, snapshot {snapshot.Length}");
    }

    [Fact]
    public void Damaged_changes_are_refused_with_a_clear_error()
    {
        var pipeline = NewPipeline([]);
        foreach (string line in PipelineRun.SampleLines("esa-mail.log").Take(100))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        var snapshot = new MemoryStream();
        SessionizerState.WriteSnapshot(pipeline.Sessionizer, snapshot);
        foreach (string line in PipelineRun.SampleLines("esa-mail.log").Skip(100).Take(50))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        var change = new MemoryStream();
        SessionizerState.WriteChanges(pipeline.Sessionizer, change);
        byte[] record = change.ToArray();

        Assert.Throws<InvalidDataException>(() => SessionizerState.Replay(NewPipeline([]).Sessionizer, new MemoryStream(snapshot.ToArray()), [record.AsMemory(0, record.Length / 2)]));
    }

    /// <summary>Feeds every line, committing (a snapshot first, then changes) every few lines; at the split, restores into a new pipeline.</summary>
    private static List<string> Run(byte[][] lines, int? split, int commitEvery, bool replay)
    {
        var documents = new List<string>();
        var pipeline = NewPipeline(documents);
        MemoryStream? snapshot = null;
        var changes = new List<ReadOnlyMemory<byte>>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i % commitEvery == 0)
            {
                if (snapshot is null || changes.Count >= 40)
                {
                    snapshot = new MemoryStream();
                    SessionizerState.WriteSnapshot(pipeline.Sessionizer, snapshot);
                    changes.Clear();
                }
                else
                {
                    var change = new MemoryStream();
                    SessionizerState.WriteChanges(pipeline.Sessionizer, change);
                    changes.Add(change.ToArray());
                }
            }

            if (i == split)
            {
                var restored = NewPipeline(documents);
                if (replay)
                {
                    var change = new MemoryStream();
                    SessionizerState.WriteChanges(pipeline.Sessionizer, change);
                    changes.Add(change.ToArray());
                    SessionizerState.Replay(restored.Sessionizer, new MemoryStream(snapshot!.ToArray()), changes);
                }
                else
                {
                    var full = new MemoryStream();
                    SessionizerState.Write(pipeline.Sessionizer, full);
                    SessionizerState.Read(restored.Sessionizer, new MemoryStream(full.ToArray()));
                }

                Assert.Equal(pipeline.Sessionizer.OpenMessages, restored.Sessionizer.OpenMessages);
                Assert.Equal(pipeline.Sessionizer.OpenConnections, restored.Sessionizer.OpenConnections);
                pipeline = restored;
                snapshot = null;
            }

            pipeline.Feed(lines[i]);
        }

        pipeline.FlushIncomplete();
        return documents;
    }

    private static LogPipeline NewPipeline(List<string> documents)
    {
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions { MaxOpenAge = TimeSpan.FromHours(1) }, r => documents.Add(EcsJson.ToJson(r)));
        pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
        return pipeline;
    }
}

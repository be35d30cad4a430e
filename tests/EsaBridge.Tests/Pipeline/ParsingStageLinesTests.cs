using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Pipeline;

/// <summary>
/// <c>run</c> parses on its reading thread and sessionizes on another (<see cref="ParsingStage"/>). The documents
/// and counters must be those of the one-thread pipeline, whatever the chunk size and the switches between sources;
/// and after <see cref="ParsingStage.Drain"/> the sessionizer must stand exactly where the lines fed so far put it,
/// since that is the state a checkpoint saves.
/// </summary>
public sealed class ParsingStageLinesTests
{
    private const int MaxLineBytes = 200;

    [Theory]
    [InlineData(1, 201)]
    [InlineData(2, 1000)]
    [InlineData(3, 1 << 16)]
    public void Gives_the_documents_and_counts_of_the_one_thread_pipeline_and_drains_to_the_same_state(int seed, int chunkBytes)
    {
        var random = new Random(seed);
        string[] seedLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        var input = new List<(string Source, string? Line)>();
        for (int i = 0; i < 600; i++)
        {
            string source = $"esa{random.Next(3)}";
            input.Add((source, random.Next(20) == 0 ? null : seedLines[random.Next(seedLines.Length)]));
        }

        var options = new ParserOptions { Year = 2014, MaxLineBytes = MaxLineBytes };
        var plainOutput = new MemoryStream();
        var plain = new LogPipeline(options, new SessionizerOptions(), Sink(plainOutput));
        var fedOutput = new MemoryStream();
        var sessions = new Sessionizer(new SessionizerOptions(), Sink(fedOutput));
        using (var feed = new ParsingStage(new MailLogParser(options), sessions, MaxLineBytes, chunkBytes))
        {
            int drains = 0;
            foreach (var (source, line) in input)
            {
                plain.SetSource(source, $"/logs/{source}");
                feed.SetSource(source, $"/logs/{source}");
                if (line is null)
                {
                    plain.FeedOversized();
                    feed.AddOversized();
                }
                else
                {
                    plain.Feed(Encoding.UTF8.GetBytes(line));
                    feed.Add(Encoding.UTF8.GetBytes(line));
                }

                if (random.Next(50) == 0)
                {
                    feed.Drain();
                    drains++;
                    Assert.Equal(State(plain.Sessionizer), State(sessions));
                }
            }

            feed.Drain();
            Assert.True(drains > 0);
        }

        Assert.Equal(State(plain.Sessionizer), State(sessions));
        Assert.True(plain.Counters.Documents > 10 && plain.Counters.Malformed > 10);
        Assert.Equal(Encoding.UTF8.GetString(plainOutput.ToArray()), Encoding.UTF8.GetString(fedOutput.ToArray()));
    }

    [Theory]
    [InlineData(1, 201)]
    [InlineData(2, 4096)]
    [InlineData(3, 1 << 16)]
    public void Blocks_of_lines_give_what_the_lines_one_by_one_give(int seed, int chunkBytes)
    {
        var random = new Random(seed);
        string seedLog = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        string log = seedLog + new string('\n', ParsedChunk.MaxLines + 10) + seedLog + new string('\n', (2 * ParsedChunk.MaxLines) + 1) + seedLog;
        byte[] bytes = Encoding.UTF8.GetBytes(log);
        var options = new ParserOptions { Year = 2014, MaxLineBytes = MaxLineBytes };
        var plainOutput = new MemoryStream();
        var plain = new LogPipeline(options, new SessionizerOptions(), Sink(plainOutput));
        foreach (string line in log.Split('\n')[..^1])
        {
            plain.Feed(Encoding.UTF8.GetBytes(line));
        }

        var fedOutput = new MemoryStream();
        var sessions = new Sessionizer(new SessionizerOptions(), Sink(fedOutput));
        using (var feed = new ParsingStage(new MailLogParser(options), sessions, MaxLineBytes, chunkBytes))
        {
            feed.SetSource(null, null);
            int at = 0;
            while (at < bytes.Length)
            {
                int end = Math.Min(bytes.Length, at + random.Next(1, 3 * chunkBytes));
                end = Array.LastIndexOf(bytes, (byte)'\n', end - 1) + 1;
                if (end <= at)
                {
                    end = Array.IndexOf(bytes, (byte)'\n', at) + 1;
                }

                feed.AddLines(bytes.AsSpan(at, end - at));
                at = end;
            }

            feed.Drain();
        }

        Assert.Equal(State(plain.Sessionizer), State(sessions));
        Assert.Equal(9, plain.Counters.Documents);
        Assert.Equal(Encoding.UTF8.GetString(plainOutput.ToArray()), Encoding.UTF8.GetString(fedOutput.ToArray()));
    }

    [Fact]
    public void A_failure_while_sessionizing_is_thrown_on_the_feeding_thread()
    {
        string[] seedLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        var sink = new NdjsonDocumentSink(_ => throw new IOException("disk full"), new byte[16], 1);
        var sessions = new Sessionizer(new SessionizerOptions(), sink);
        using var feed = new ParsingStage(new MailLogParser(new ParserOptions { Year = 2014 }), sessions, MaxLineBytes, 256);

        var thrown = Assert.Throws<IOException>(() =>
        {
            feed.SetSource(null, null);
            for (int i = 0; i < 100; i++)
            {
                Array.ForEach(seedLines, line => feed.Add(Encoding.UTF8.GetBytes(line)));
            }

            feed.Drain();
        });
        Assert.Equal("disk full", thrown.Message);
    }

    private static string State(Sessionizer sessions)
    {
        var c = sessions.Counters;
        var saved = new MemoryStream();
        SessionizerState.Write(sessions, saved);
        return $"{c.LinesRead} {c.Used} {c.NotUsed} {c.Malformed} {c.Documents} {sessions.OpenMessages} {sessions.OpenConnections} {Convert.ToBase64String(saved.ToArray())}";
    }

    private static NdjsonDocumentSink Sink(MemoryStream output) => new(
        written =>
        {
            output.Write(written);
            return new byte[64];
        },
        new byte[64],
        1);
}

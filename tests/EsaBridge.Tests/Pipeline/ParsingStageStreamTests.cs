using System.Text;
using EsaBridge.Cli;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Pipeline;

/// <summary>
/// The reader of <c>esabridge parse</c> (parsing on one thread, sessionizing on another) must see exactly the lines
/// the plain <see cref="PlainLineReader"/> sees: same counters, same documents, whatever the chunk boundaries, the line
/// lengths (over the limit too), the files given in a row and a last line without its line break.
/// </summary>
public sealed class ParsingStageStreamTests
{
    private const int MaxLineBytes = 120;

    [Theory]
    [InlineData(1, 64, false)]
    [InlineData(2, 300, false)]
    [InlineData(3, 1000, false)]
    [InlineData(4, 1 << 16, false)]
    [InlineData(5, 64, true)]
    [InlineData(6, 300, true)]
    [InlineData(7, 1 << 16, true)]
    public void Reads_the_same_lines_as_the_plain_reader(int seed, int chunkBytes, bool sharedThreads)
    {
        var random = new Random(seed);
        string[] seedLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        byte[][] files = [.. Enumerable.Range(0, 3).Select(_ => RandomLog(random, seedLines))];

        var (expectedCounters, expectedJson) = Plain(files);
        var (counters, json) = Pipelined(files, chunkBytes, sharedThreads);

        Assert.Equal(expectedJson, json);
        Assert.Equal(expectedCounters, counters);
        Assert.True(expectedCounters.Malformed > 0, "the inputs have lines over the limit");
        Assert.Contains("\"message-aborted\"", expectedJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunks_full_of_short_lines_are_cut_at_the_line_limit()
    {
        string seed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        string log = new string('\n', ParsedChunk.MaxLines + 10) + seed + new string('\n', (3 * ParsedChunk.MaxLines) + 1) + seed
            + new string('z', MaxLineBytes * 2) + "\n" + seed;
        byte[][] files = [Encoding.UTF8.GetBytes(log)];

        var (expectedCounters, expectedJson) = Plain(files);
        var (counters, json) = Pipelined(files, 1 << 16, sharedThreads: false);

        Assert.Equal(expectedJson, json);
        Assert.Equal(expectedCounters, counters);
        Assert.Equal(9, expectedCounters.Documents);
    }

    [Fact]
    public void A_failure_while_sessionizing_stops_the_reading_and_is_rethrown()
    {
        byte[] log = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log")), 200)));
        var sink = new NdjsonDocumentSink(_ => throw new IOException("disk full"), new byte[16], 1);
        var sessions = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink).Sessionizer;
        using var reader = new ParsingStage(new MailLogParser(new ParserOptions { Year = 2014 }), sessions, MaxLineBytes, 64);

        reader.SetSource(null, null);
        reader.Read(new MemoryStream(log), null);

        Assert.Equal("disk full", Assert.Throws<IOException>(reader.Finish).Message);
    }

    [Fact]
    public void A_failure_while_writing_on_threads_shared_with_sessionizing_stops_the_reading_and_is_rethrown()
    {
        byte[] log = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log")), 200)));
        int handOffs = 0;
        using var sink = new NdjsonDocumentSink(
            _ => ++handOffs < 5 ? new byte[16] : throw new IOException("disk full"), new byte[16], 1, "test-write");
        var sessions = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink).Sessionizer;
        using var reader = new ParsingStage(new MailLogParser(new ParserOptions { Year = 2014 }), sessions, MaxLineBytes, 64, workers: sink.Workers);

        reader.SetSource(null, null);
        reader.Read(new MemoryStream(log), null);

        Assert.Equal("disk full", Assert.Throws<IOException>(reader.Finish).Message);
        Assert.Equal("disk full", Assert.Throws<IOException>(sink.Flush).Message);
    }

    private static byte[] RandomLog(Random random, string[] seedLines)
    {
        var log = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    log.Append(new string('x', random.Next(MaxLineBytes - 5, MaxLineBytes * 4))).Append('\n');
                    break;
                case 1:
                    log.Append('\n');
                    break;
                case 2:
                    log.Append(seedLines[random.Next(seedLines.Length)]).Append("\r\n");
                    break;
                default:
                    log.Append(seedLines[i % seedLines.Length]).Append('\n');
                    break;
            }
        }

        if (random.Next(2) == 0)
        {
            log.Append(new string('y', random.Next(1, MaxLineBytes * 3)));
        }

        return Encoding.UTF8.GetBytes(log.ToString());
    }

    private static (Counts, string) Plain(byte[][] files)
    {
        var output = new MemoryStream();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014, MaxLineBytes = MaxLineBytes }, new SessionizerOptions(), Sink(output));
        var reader = new PlainLineReader(MaxLineBytes);
        for (int i = 0; i < files.Length; i++)
        {
            pipeline.SetSource(null, $"/logs/{i}");
            reader.Read(new MemoryStream(files[i]), pipeline);
        }

        pipeline.FlushIncomplete();
        return Result(pipeline.Sessionizer, output);
    }

    /// <param name="sharedThreads">Documents written on a thread of their own, sessionizing and writing served by
    /// the same threads (<c>parse</c>'s way, <see cref="Core.Threading.StageWorkers"/>).</param>
    private static (Counts, string) Pipelined(byte[][] files, int chunkBytes, bool sharedThreads)
    {
        var output = new MemoryStream();
        var options = new ParserOptions { Year = 2014, MaxLineBytes = MaxLineBytes };
        using var sink = Sink(output, sharedThreads ? "test-write" : null);
        var sessions = new LogPipeline(options, new SessionizerOptions(), sink).Sessionizer;
        using (var reader = new ParsingStage(new MailLogParser(options), sessions, MaxLineBytes, chunkBytes, workers: sink.Workers))
        {
            for (int i = 0; i < files.Length; i++)
            {
                reader.SetSource(null, $"/logs/{i}");
                reader.Read(new TrickleStream(files[i]), null);
            }

            reader.Finish();
        }

        sessions.FlushIncomplete();
        sink.Flush();
        return Result(sessions, output);
    }

    private static NdjsonDocumentSink Sink(MemoryStream output, string? writingThread = null)
    {
        return new NdjsonDocumentSink(
            written =>
            {
                output.Write(written);
                return new byte[64];
            },
            new byte[64],
            1,
            writingThread);
    }

    private static (Counts, string) Result(Sessionizer sessions, MemoryStream output)
    {
        var c = sessions.Counters;
        return (new Counts(c.LinesRead, c.Used, c.NotUsed, c.Malformed, c.Documents), Encoding.UTF8.GetString(output.ToArray()));
    }

    private sealed record Counts(long LinesRead, long Used, long NotUsed, long Malformed, long Documents);

    /// <summary>Returns at most 37 bytes per read, so reads end anywhere in a line.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 37));
    }
}

using System.Text;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Pipeline;

/// <summary>
/// <c>parse</c>'s output, a stage on the threads shared with sessionizing and writing: the documents reach the stream
/// in order, a stream that does not take them holds the reading back (memory stays flat) and lets it go on once it
/// does, and a failing stream ends the run with "cannot write documents: ..." instead of hanging it.
/// </summary>
public sealed class NdjsonByteWriterTests
{
    private const int FlushBytes = 4096;

    private static readonly byte[] Log = Generated();

    [Fact]
    public void A_stream_that_stops_taking_documents_holds_the_reading_back_then_gets_them_all_in_order()
    {
        using var release = new ManualResetEventSlim();
        var destination = new GatedStream(release);
        var input = new MemoryStream(Log);

        Exception? failure = null;
        var run = new Thread(() =>
        {
            try
            {
                Parse(input, destination);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        run.Start();
        try
        {
            // The output arrays, the document batches and the chunks fill up, and the reader waits for room.
            Assert.True(destination.Blocked.Wait(TimeSpan.FromSeconds(30)));
            Thread.Sleep(300);
            long held = input.Position;
            Thread.Sleep(300);
            Assert.True(run.IsAlive);
            Assert.Equal(held, input.Position);
            Assert.InRange(held, 1, Log.Length * 3 / 4);
        }
        finally
        {
            release.Set();
        }

        Assert.True(run.Join(TimeSpan.FromSeconds(60)));
        Assert.Null(failure);
        Assert.Equal(Direct(), Encoding.UTF8.GetString(destination.ToArray()));
        Assert.True(destination.Writes > 100, "many arrays went round");
    }

    [Fact]
    public void A_write_failure_mid_run_ends_it_with_cannot_write_documents()
    {
        var destination = new FailingStream(failAt: 5);

        var thrown = Assert.Throws<IOException>(() => Parse(new MemoryStream(Log), destination));

        Assert.Equal("cannot write documents: Broken pipe", thrown.Message);
        Assert.Equal(5, destination.Writes);
    }

    private static void Parse(Stream input, Stream destination)
    {
        var options = new ParserOptions { Year = 2014 };
        using var writer = new NdjsonByteWriter(destination, FlushBytes);
        var pipeline = new LogPipeline(options, new SessionizerOptions(), writer.Documents);
        using (var reader = new ParsingStage(pipeline.Parser, pipeline.Sessionizer, options.MaxLineBytes, workers: writer.Documents.Workers))
        {
            reader.Read(input);
            reader.Finish();
        }

        pipeline.FlushIncomplete();
        writer.Complete();
    }

    /// <summary>The same documents written on the calling thread, without the output stage.</summary>
    private static string Direct()
    {
        var output = new MemoryStream();
        var sink = new NdjsonDocumentSink(
            written =>
            {
                output.Write(written);
                return new byte[256];
            },
            new byte[256],
            1);
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink);
        new PlainLineReader(new ParserOptions().MaxLineBytes).Read(new MemoryStream(Log), pipeline);
        pipeline.FlushIncomplete();
        sink.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static byte[] Generated()
    {
        var log = new MemoryStream();
        LogGenerator.Generate(log, new GeneratorOptions { TargetBytes = 8 << 20, Seed = 5 });
        return log.ToArray();
    }

    /// <summary>Blocks its first write until released.</summary>
    private sealed class GatedStream(ManualResetEventSlim release) : MemoryStream
    {
        public ManualResetEventSlim Blocked { get; } = new();

        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Blocked.Set();
            release.Wait();
            Writes++;
            base.Write(buffer.ToArray(), 0, buffer.Length);
        }
    }

    private sealed class FailingStream(int failAt) : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Writes == failAt)
            {
                throw new IOException("Broken pipe");
            }

            Writes++;
            base.Write(buffer.ToArray(), 0, buffer.Length);
        }
    }
}

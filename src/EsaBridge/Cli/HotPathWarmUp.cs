using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>
/// Compiles the hot path before it is needed: at start-up a background thread runs a small embedded log
/// (<c>samples/esa-mail.log</c>, embedded) through the parser, the sessionizer and
/// the document writer (results thrown away), so the JIT does its work on the idle second core while the main thread
/// starts, instead of on the two pipeline threads once the file is being read.
/// </summary>
internal static class HotPathWarmUp
{
    private const string SampleResource = "warmup/esa-mail.log";

    public static void Start()
    {
        var thread = new Thread(() => Run()) { IsBackground = true, Name = "esabridge-warmup", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    /// <summary>Runs the sample through; never throws (a failed warm-up only means the JIT works later).</summary>
    /// <returns>The number of documents written, or -1 when the warm-up failed.</returns>
    public static int Run()
    {
        try
        {
            // Parsing first, as the main thread needs the parser first; the sessionizer and the writer then.
            byte[] sample = Sample();
            var options = new ParserOptions();
            var parser = new MailLogParser(options);
            var chunk = new ParsedChunk(sample.Length);
            sample.CopyTo(chunk.Bytes, 0);
            int start = 0;
            while (start < sample.Length && !chunk.IsFull)
            {
                int newline = sample.AsSpan(start).IndexOf((byte)'\n');
                int length = newline < 0 ? sample.Length - start : newline;
                chunk.Add(parser, start, length);
                start += length + 1;
            }

            var sink = new NdjsonDocumentSink(written => written.Array!, new byte[64 << 10], 32 << 10);
            var pipeline = new LogPipeline(options, new SessionizerOptions(), sink);
            for (int i = 0; i < chunk.Count; i++)
            {
                pipeline.Sessions.Process(chunk.Bytes.AsSpan(chunk.Starts[i], chunk.Lengths[i]), in chunk.Lines[i]);
            }

            return (int)pipeline.Counters.Documents;
        }
        catch (Exception)
        {
            return -1;
        }
    }

    private static byte[] Sample()
    {
        using var stream = typeof(HotPathWarmUp).Assembly.GetManifestResourceStream(SampleResource)
            ?? throw new InvalidOperationException($"missing resource {SampleResource}");
        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

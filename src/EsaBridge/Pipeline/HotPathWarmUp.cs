using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Pipeline;

/// <summary>Compiles the hot path before it is needed: at start-up a background thread runs a small embedded log
/// (<c>samples/esa-mail.log</c>, embedded) through the parser, the sessionizer and the document writers of both kinds
/// (its connections, closed, lost and HAT-rejected, give connection documents as <c>parse</c> writes by default; results
/// thrown away), so the JIT does its work on the idle second core while the main thread starts, instead of on the two
/// pipeline threads once the file is being read. Only <c>parse</c> warms up, and it writes NDJSON: the Splunk
/// transcoder is not on its path.</summary>
internal static class HotPathWarmUp
{
    private const string SampleResource = "warmup/esa-mail.log";

    public static void Start()
    {
        var thread = new Thread(() => Run()) { IsBackground = true, Name = "esabridge-warmup", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    /// <summary>Runs the sample through; never throws (a failed warm-up only means the JIT works later).</summary>
    /// <returns>The counters of the documents written (sessions and connections), or null when the warm-up failed.</returns>
    public static PipelineCounters? Run()
    {
        try
        {
            // Through the same front end as the files, so its reading loop and the sessionizing loop are compiled too;
            // with the smallest chunks, so its garbage does not raise peak memory.
            var options = new ParserOptions();
            var sink = new NdjsonDocumentSink(written => written.Array!, new byte[64 << 10], 32 << 10);
            var pipeline = new LogPipeline(options, new SessionizerOptions(), sink);
            using (var front = new ParsingStage(pipeline.Parser, pipeline.Sessionizer, options.MaxLineBytes, chunkBytes: 0, chunks: 2, chunkLines: 1 << 10))
            {
                front.Read(new MemoryStream(Sample()));
                front.Finish();
            }

            return pipeline.Counters;
        }
        catch (Exception)
        {
            return null;
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

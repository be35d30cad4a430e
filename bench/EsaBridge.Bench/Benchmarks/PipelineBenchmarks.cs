using BenchmarkDotNet.Attributes;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Bench.Benchmarks;

/// <summary>
/// The hot path in stages over a 16 MiB generated log: parsing alone (per line), parsing and sessionizing
/// (per line), and what <c>esabridge parse</c> does on
/// one thread: parsing, sessionizing and writing the documents straight from the sessionizer's state.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private Corpus _corpus = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Corpus.Instance;
    }

    public static int LineCount => Corpus.Instance.Lines.Length;

    public static int DocumentCount => Corpus.Instance.Records.Length;

    [Benchmark(Description = "parse, per line")]
    [BenchmarkCategory("parser")]
    public long Parse()
    {
        var parser = new MailLogParser(new ParserOptions { Year = 2023 });
        long kinds = 0;
        byte[] bytes = _corpus.Bytes;
        foreach (var (start, length) in _corpus.Lines)
        {
            parser.Parse(bytes.AsSpan(start, length), out var parsed);
            kinds += (int)parsed.Kind;
        }

        return kinds;
    }

    [Benchmark(Description = "parse + sessionize, per line")]
    [BenchmarkCategory("sessionizer")]
    public long ParseAndSessionize()
    {
        long documents = 0;
        var pipeline = Corpus.NewPipeline(_ => documents++);
        _corpus.Feed(pipeline);
        return documents;
    }

    [Benchmark(Description = "parse + sessionize + write documents (the parse path), per line")]
    [BenchmarkCategory("sessionizer")]
    public long ParseSessionizeAndWrite()
    {
        long bytes = 0;
        byte[] spare = new byte[(1 << 20) + (64 << 10)];
        var sink = new NdjsonDocumentSink(
            written =>
            {
                bytes += written.Count;
                byte[] next = spare;
                spare = written.Array!;
                return next;
            },
            new byte[(1 << 20) + (64 << 10)],
            1 << 20);
        var pipeline = new LogPipeline(new ParserOptions { Year = 2023 }, new SessionizerOptions(), sink);
        _corpus.Feed(pipeline);
        sink.Flush();
        return bytes;
    }
}

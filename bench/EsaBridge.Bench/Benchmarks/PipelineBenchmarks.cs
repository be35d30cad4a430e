using BenchmarkDotNet.Attributes;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Bench.Benchmarks;

/// <summary>
/// The hot path in three stages over a 16 MiB generated log: parsing alone (per line), parsing and sessionizing
/// (per line), and encoding the resulting documents as NDJSON (per document).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private Corpus _corpus = null!;
    private NdjsonEncoder _encoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Corpus.Instance;
        _encoder = new NdjsonEncoder();
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

    [Benchmark(Description = "encode NDJSON, per document")]
    [BenchmarkCategory("encoder")]
    public int Encode()
    {
        int bytes = 0;
        foreach (SessionRecord record in _corpus.Records)
        {
            _encoder.Append(record);
            if (_encoder.WrittenCount >= 1 << 20)
            {
                bytes += _encoder.WrittenCount;
                _encoder.Clear();
            }
        }

        bytes += _encoder.WrittenCount;
        _encoder.Clear();
        return bytes;
    }
}

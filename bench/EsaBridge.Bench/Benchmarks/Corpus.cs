using EsaBridge.Bench.Generation;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Bench.Benchmarks;

/// <summary>A generated log held in memory, split into lines once, shared by the benchmarks.</summary>
internal sealed class Corpus
{
    private static readonly Lazy<Corpus> Shared = new(() => new Corpus(16L << 20));

    private Corpus(long targetBytes)
    {
        using var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = targetBytes, Seed = 7 });
        Bytes = buffer.ToArray();
        var lines = new List<(int Start, int Length)>();
        int start = 0;
        for (int newline; (newline = Bytes.AsSpan(start).IndexOf((byte)'\n')) >= 0; start += newline + 1)
        {
            lines.Add((start, newline));
        }

        Lines = [.. lines];
        var records = new List<SessionRecord>();
        var pipeline = NewPipeline(records.Add);
        Feed(pipeline);
        Records = [.. records];
    }

    public static Corpus Instance => Shared.Value;

    public byte[] Bytes { get; }

    public (int Start, int Length)[] Lines { get; }

    public SessionRecord[] Records { get; }

    public static LogPipeline NewPipeline(Action<SessionRecord> emit) =>
        new(new ParserOptions { Year = 2023 }, new SessionizerOptions(), emit);

    public void Feed(LogPipeline pipeline)
    {
        foreach (var (start, length) in Lines)
        {
            pipeline.Feed(Bytes.AsSpan(start, length));
        }
    }
}

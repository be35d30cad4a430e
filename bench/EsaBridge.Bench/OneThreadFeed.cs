using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Bench;

/// <summary>
/// The pipeline on one thread, line by line, for the benchmarks and the tests: the reference the two-thread front
/// end (<c>EsaBridge.Pipeline.ParsingStage</c>) is held to, and the shortest way to put lines through the parser and
/// the sessionizer.
/// </summary>
public static class OneThreadFeed
{
    /// <param name="line">One line without its line break.</param>
    public static void Feed(this LogPipeline pipeline, ReadOnlySpan<byte> line)
    {
        pipeline.Parser.Parse(line, out var parsed);
        pipeline.Sessionizer.Process(line, in parsed);
    }

    /// <summary>A line the reader had to cut because it exceeded the length limit: counted as malformed.</summary>
    public static void FeedOversized(this LogPipeline pipeline) => pipeline.Sessionizer.Process([], new ParsedLine { Kind = LineKind.Malformed });
}

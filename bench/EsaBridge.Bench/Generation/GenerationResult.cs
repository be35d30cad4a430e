namespace EsaBridge.Bench.Generation;

/// <summary>What a generator run wrote and the documents it implies (its ground truth).</summary>
internal sealed record GenerationResult(
    DocumentCounts Expected,
    long Bytes,
    long Lines,
    long Connections,
    long Bounces,
    long BccCopies,
    TimeSpan SimulatedSpan,
    DispositionCounts Dispositions,
    ConnectionCounts ConnectionEndings);

namespace EsaBridge.Bench.Baseline;

/// <summary>What a baseline run found: documents by class, lines read, lines without the ESA prefix, messages left open.</summary>
internal sealed record BaselineResult(DocumentCounts Found, long Lines, long UnparsedLines, int OpenMessages);

using System.Runtime.CompilerServices;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Pipeline;

/// <summary>A block of input bytes and its lines, already parsed: what the reading thread hands to the sessionizing
/// thread. Reused once the sessionizer is done with it.</summary>
/// <param name="lines">The most lines it holds: fewer only for a small input read once (the warm-up).</param>
internal sealed class ParsedChunk(int bytes, int lines = ParsedChunk.MaxLines)
{
    /// <summary>Bounds the parsed lines a chunk holds, so a file of tiny lines cannot blow up memory.</summary>
    public const int MaxLines = 4 << 10;

    public byte[] Bytes { get; } = new byte[bytes];

    public int[] Starts { get; } = new int[lines];

    public int[] Lengths { get; } = new int[lines];

    public ParsedLine[] Lines { get; } = new ParsedLine[lines];

    public int Count { get; private set; }

    public bool IsFull => Count == Lines.Length;

    /// <summary>When set, the sessionizer switches to this source before the chunk's lines.</summary>
    public (string? Appliance, string? LogPath)? Source { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(MailLogParser parser, int start, int length)
    {
        Starts[Count] = start;
        Lengths[Count] = length;
        parser.Parse(Bytes.AsSpan(start, length), out Lines[Count]);
        Count++;
    }

    /// <summary>A line the reader had to cut because it exceeded the length limit: counted as malformed.</summary>
    public void AddOversized()
    {
        Starts[Count] = 0;
        Lengths[Count] = 0;
        Lines[Count] = new ParsedLine { Kind = LineKind.Malformed };
        Count++;
    }

    public void Clear()
    {
        Count = 0;
        Source = null;
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Core.Threading;

namespace EsaBridge.Pipeline;

/// <summary>The second half of a two-thread pipeline: the reading thread parses lines into chunks and hands them here,
/// and another thread feeds them to the sessionizer in the same order, so parsing and sessionizing run on two
/// cores: a thread of its own, or the threads shared with the document writing stage (<see cref="StageWorkers"/>;
/// the reading thread then sessionizes a chunk itself while it waits for an empty one). A few chunks go round between the two threads, so memory stays flat. What the sessionizer throws is kept and
/// thrown again on the reading thread, at its next call.</summary>
internal sealed class SessionizingStage : IDisposable
{
    /// <summary>Chunks going round by default: enough for neither thread to wait on the other while both keep up.</summary>
    public const int DefaultChunks = 4;

    /// <summary>How many lines ahead the sessionizing loop asks the processor for (docs/PERFORMANCE.md).</summary>
    private const int PrefetchLines = 6;

    private readonly Sessionizer _sessions;
    private readonly BlockingCollection<ParsedChunk> _empty;
    private readonly IStage<ParsedChunk> _thread;

    /// <param name="chunkBytes">Bytes per chunk: at least two of the longest lines (and their line breaks).</param>
    /// <param name="chunks">Chunks in all, at least two: one being filled while another is sessionized.</param>
    /// <param name="chunkLines">Lines per chunk (<see cref="ParsedChunk.MaxLines"/> but for a small input read once).</param>
    /// <param name="workers">Threads shared with the document writing stage; null: a thread of its own.</param>
    public SessionizingStage(Sessionizer sessions, int chunkBytes, int chunks = DefaultChunks, int chunkLines = ParsedChunk.MaxLines, StageWorkers? workers = null)
    {
        _sessions = sessions;
        _empty = new BlockingCollection<ParsedChunk>(boundedCapacity: chunks);
        for (int i = 0; i < chunks; i++)
        {
            _empty.Add(new ParsedChunk(chunkBytes, chunkLines));
        }

        _thread = workers?.Add<ParsedChunk>(Sessionize, Emptied)
            ?? new StageThread<ParsedChunk>("esabridge-sessionize", chunks, Sessionize, Emptied);
    }

    /// <summary>True once the sessionizer threw: reading should stop, and the next call throws it.</summary>
    public bool Failed => _thread.Failure is not null;

    public void ThrowIfFailed() => _thread.Failure?.Throw();

    public ParsedChunk TakeEmpty() => _thread.Take(_empty);

    /// <summary>Hands a filled chunk over; it comes back empty through <see cref="TakeEmpty"/>.</summary>
    public void Hand(ParsedChunk chunk) => _thread.Hand(chunk);

    /// <summary>Returns once every chunk handed over is sessionized: the sessionizer's state then matches them.</summary>
    public void Drain()
    {
        _thread.Drain();
        ThrowIfFailed();
    }

    /// <summary>Waits until the sessionizer has taken every line; throws what it threw, if anything.</summary>
    public void Finish()
    {
        _thread.Stop();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        _thread.Dispose();
        if (_thread.Ended)
        {
            _empty.Dispose();
        }
    }

    private void Emptied(ParsedChunk chunk)
    {
        chunk.Clear();
        _empty.Add(chunk);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Sessionize(ParsedChunk chunk)
    {
        if (chunk.Source is var (appliance, logPath))
        {
            _sessions.SetSource(appliance, logPath);
        }

        var bytes = chunk.Bytes;
        var starts = chunk.Starts;
        var lengths = chunk.Lengths;
        var lines = chunk.Lines;
        int count = chunk.Count;
        if ((uint)count > (uint)lines.Length || (uint)count > (uint)starts.Length || (uint)count > (uint)lengths.Length)
        {
            throw new InvalidOperationException($"a chunk of {count} lines holds {lines.Length}");
        }

        // Pointers, not indexes: the chunk's arrays hold count lines (checked above) and each line lies within its bytes
        // (ParsedChunk.Add, through AsSpan), so the four bounds checks a line are left out (docs/PERFORMANCE.md, issue 18).
        fixed (byte* text = bytes)
        fixed (ParsedLine* parsed = lines)
        fixed (int* start = starts)
        fixed (int* length = lengths)
        {
            for (int i = 0; i < count; i++)
            {
                if (Sse.IsSupported && i + PrefetchLines < count)
                {
                    // The chunk was filled on the other core: ask for a coming line (its parsed fields and its text)
                    // now, so it is in this core's cache when its turn comes instead of stalling then.
                    byte* next = (byte*)(parsed + i + PrefetchLines);
                    Sse.Prefetch0(next);
                    Sse.Prefetch0(next + 64);
                    byte* nextText = text + start[i + PrefetchLines];
                    Sse.Prefetch0(nextText + 32);
                    Sse.Prefetch0(nextText + 96);
                }

                _sessions.Process(new ReadOnlySpan<byte>(text + start[i], length[i]), in parsed[i]);
            }
        }
    }
}

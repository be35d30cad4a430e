using System.Runtime.CompilerServices;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Core.Threading;

namespace EsaBridge.Pipeline;

/// <summary>The front of the pipeline, for every input: bytes from files and standard input (<see cref="Read"/>),
/// complete lines from the tailer (<see cref="AddLines"/>) and syslog messages (<see cref="Add"/>) are copied into
/// chunks and parsed on the calling thread; full chunks go to the <see cref="SessionizingStage"/>'s thread. A line
/// longer than the limit is skipped to its end and counted once as malformed.</summary>
internal sealed class ParsingStage : IDisposable
{
    private readonly MailLogParser _parser;
    private readonly int _maxLineBytes;
    private readonly SessionizingStage _stage;
    private ParsedChunk? _chunk;

    /// <summary>The bytes of <see cref="_chunk"/> in use.</summary>
    private int _end;

    private (string? Appliance, string? LogPath)? _source;

    /// <param name="maxLineBytes">The longest line (longer ones are counted as malformed).</param>
    /// <param name="chunks">Chunks going round between the two threads, and <paramref name="chunkLines"/> the lines
    /// each holds (<see cref="SessionizingStage"/>).</param>
    public ParsingStage(
        MailLogParser parser,
        Sessionizer sessions,
        int maxLineBytes,
        int chunkBytes = 256 << 10,
        int chunks = SessionizingStage.DefaultChunks,
        int chunkLines = ParsedChunk.MaxLines,
        StageWorkers? workers = null)
    {
        _parser = parser;
        _maxLineBytes = maxLineBytes;

        // A chunk holds the start of a line carried over from the previous one and room to read its end.
        _stage = new SessionizingStage(sessions, Math.Max(chunkBytes, (maxLineBytes * 2) + 2), chunks, chunkLines, workers);
    }

    /// <summary>Names the appliance and file of the lines that follow.</summary>
    public void SetSource(string? appliance, string? logPath)
    {
        if (_source == (appliance, logPath))
        {
            return;
        }

        _source = (appliance, logPath);
        if (_chunk is { Count: > 0 })
        {
            HandCurrent();
        }

        Current(0).Source = _source;
    }

    /// <summary>Reads <paramref name="stream"/> to its end, split into lines on <c>\n</c>; a last line without its line break
    /// is read too. Stops early, without throwing, once the sessionizer failed: <see cref="Finish"/> throws it.</summary>
    /// <param name="chunkRead">Called after each read from the stream (progress reporting).</param>
    /// <remarks>Hot loops are JIT-compiled even in a ReadyToRun build (AggressiveOptimization): see the project file.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(Stream stream, Action? chunkRead = null)
    {
        var chunk = Current(0);
        int start = _end;
        int end = _end;
        bool skippingLongLine = false;
        try
        {
            while (!_stage.Failed)
            {
                if (end == chunk.Bytes.Length || chunk.IsFull)
                {
                    int pending = end - start;
                    var next = _stage.TakeEmpty();
                    if (!chunk.IsFull && pending > _maxLineBytes)
                    {
                        // The chunk is full of one line with no end in sight.
                        if (!skippingLongLine)
                        {
                            next.AddOversized();
                        }

                        skippingLongLine = true;
                        pending = 0;
                    }

                    chunk.Bytes.AsSpan(start, pending).CopyTo(next.Bytes);
                    _stage.Hand(chunk);
                    chunk = next;
                    start = 0;
                    end = pending;
                }

                int read = stream.Read(chunk.Bytes, end, chunk.Bytes.Length - end);
                chunkRead?.Invoke();
                if (read == 0)
                {
                    if (end > start && !skippingLongLine)
                    {
                        AddLine(chunk, start, end - start);
                    }

                    break;
                }

                end += read;
                while (!chunk.IsFull)
                {
                    int newline = chunk.Bytes.AsSpan(start, end - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    if (skippingLongLine)
                    {
                        skippingLongLine = false;
                    }
                    else
                    {
                        AddLine(chunk, start, newline);
                    }

                    start += newline + 1;
                }

                if (skippingLongLine)
                {
                    start = end;
                }
            }
        }
        finally
        {
            // Also when a .gz is cut short or damaged (InvalidDataException): the complete lines before it go on;
            // the cut one stays behind as bytes no line points to.
            _chunk = chunk;
            _end = end;
        }
    }

    /// <summary>Adds complete lines, each ending in <c>\n</c> (what the tailer reads): copied in blocks, then split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddLines(ReadOnlySpan<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            _stage.ThrowIfFailed();
            var chunk = Current(0);
            int free = chunk.Bytes.Length - _end;
            int take = lines.Length <= free ? lines.Length : lines[..free].LastIndexOf((byte)'\n') + 1;
            if (take == 0)
            {
                if (_end > 0)
                {
                    HandCurrent();
                    continue;
                }

                // A line longer than a whole chunk (callers keep to the line limit, so only a misuse gets here).
                chunk.AddOversized();
                lines = lines[(lines.IndexOf((byte)'\n') + 1)..];
                continue;
            }

            lines[..take].CopyTo(chunk.Bytes.AsSpan(_end));
            int start = _end;
            int end = _end + take;
            while (start < end && !chunk.IsFull)
            {
                int newline = chunk.Bytes.AsSpan(start, end - start).IndexOf((byte)'\n');
                chunk.Add(_parser, start, newline);
                start += newline + 1;
            }

            // Lines copied but not added (the chunk ran out of line slots) are copied again into the next chunk.
            lines = lines[(start - _end)..];
            _end = start;
        }
    }

    /// <param name="line">One line without its line break, at most the line limit long (a syslog message).</param>
    public void Add(ReadOnlySpan<byte> line)
    {
        _stage.ThrowIfFailed();
        var chunk = Current(line.Length);
        if (line.Length > chunk.Bytes.Length)
        {
            chunk.AddOversized();
            return;
        }

        line.CopyTo(chunk.Bytes.AsSpan(_end));
        chunk.Add(_parser, _end, line.Length);
        _end += line.Length;
    }

    public void AddOversized()
    {
        _stage.ThrowIfFailed();
        Current(0).AddOversized();
    }

    /// <summary>Sends the lines added so far on to the sessionizer now, without waiting for it.</summary>
    /// <exception cref="Exception">What the sessionizer threw, if it did.</exception>
    public void Hand()
    {
        HandCurrent();
        _stage.ThrowIfFailed();
    }

    /// <summary>Returns once every line added so far is sessionized. The sessionizer is then idle until the next line,
    /// so the caller may read its state (or flush what it writes into) until then.</summary>
    public void Drain()
    {
        Hand();
        _stage.Drain();
    }

    public void Finish()
    {
        HandCurrent();
        _stage.Finish();
    }

    public void Dispose() => _stage.Dispose();

    private void AddLine(ParsedChunk chunk, int start, int length)
    {
        if (length > _maxLineBytes)
        {
            chunk.AddOversized();
        }
        else
        {
            chunk.Add(_parser, start, length);
        }
    }

    /// <summary>The chunk to add to: a new one when the current one has no room for a line of <paramref name="lineBytes"/>.</summary>
    private ParsedChunk Current(int lineBytes)
    {
        if (_chunk is not null && (_chunk.IsFull || _chunk.Bytes.Length - _end < lineBytes))
        {
            HandCurrent();
        }

        return _chunk ??= _stage.TakeEmpty();
    }

    private void HandCurrent()
    {
        if (_chunk is not null)
        {
            _stage.Hand(_chunk);
            _chunk = null;
            _end = 0;
        }
    }
}

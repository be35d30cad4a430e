using System.Runtime.CompilerServices;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Inputs;

/// <summary>
/// The reading half of the service's two-thread pipeline: lines from the tailer and from syslog are copied into
/// chunks and parsed on the way, on the calling thread, and full chunks go to a <see cref="SessionizingStage"/>,
/// which feeds them to the sessionizer on a thread of its own, in the same order.
/// </summary>
internal sealed class ParsingFeed : IDisposable
{
    private readonly MailLogParser _parser;
    private readonly SessionizingStage _stage;
    private ParsedChunk? _chunk;
    private int _end;
    private (string? Appliance, string? LogPath)? _source;

    /// <param name="maxLineBytes">The longest line the callers hand over (longer ones are counted as malformed).</param>
    public ParsingFeed(MailLogParser parser, Sessionizer sessions, int maxLineBytes, int chunkBytes = 256 << 10)
    {
        _parser = parser;
        _stage = new SessionizingStage(sessions, Math.Max(chunkBytes, maxLineBytes + 1));
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

    /// <summary>Adds complete lines, each ending in <c>\n</c> (what the tailer reads): copied in blocks, then split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddLines(ReadOnlySpan<byte> lines)
    {
        while (!lines.IsEmpty)
        {
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

    /// <param name="line">One line without its line break.</param>
    public void Add(ReadOnlySpan<byte> line)
    {
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

    /// <summary>A line the reader had to cut because it exceeded the length limit: counted as malformed.</summary>
    public void AddOversized() => Current(0).AddOversized();

    /// <summary>Sends the lines added so far on to the sessionizer now, without waiting for it.</summary>
    public void Hand() => HandCurrent();

    /// <summary>
    /// Returns once every line added so far is sessionized. The sessionizer is then idle until the next line, so
    /// the caller may read its state (or flush what it writes into) until then.
    /// </summary>
    public void Drain()
    {
        HandCurrent();
        _stage.Drain();
    }

    public void Dispose() => _stage.Dispose();

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
            _stage.ThrowIfFailed();
        }
    }
}

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

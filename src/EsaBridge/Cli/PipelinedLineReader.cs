using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>
/// Splits byte streams into lines (on <c>\n</c>) and parses them on the calling thread, while a thread of its own
/// feeds the parsed lines to the sessionizer in the same order: the two halves of the pipeline run on two cores.
/// Same rules as <see cref="Inputs.LineReader"/>: a line longer than the limit is skipped to its end and counted
/// once as malformed. A few chunks go round between the threads, so memory stays flat.
/// </summary>
internal sealed class PipelinedLineReader : IBatchReader
{
    private const int Chunks = 4;

    private readonly MailLogParser _parser;
    private readonly Sessionizer _sessions;
    private readonly int _maxLineBytes;
    private readonly BlockingCollection<ParsedChunk> _full = new(boundedCapacity: Chunks);
    private readonly BlockingCollection<ParsedChunk> _empty = new(boundedCapacity: Chunks);
    private readonly Thread _sessionizing;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;

    public PipelinedLineReader(MailLogParser parser, Sessionizer sessions, int maxLineBytes, int chunkBytes = 256 << 10)
    {
        _parser = parser;
        _sessions = sessions;
        _maxLineBytes = maxLineBytes;
        for (int i = 0; i < Chunks; i++)
        {
            _empty.Add(new ParsedChunk(Math.Max(chunkBytes, (maxLineBytes * 2) + 2)));
        }

        _sessionizing = new Thread(SessionizeLoop) { IsBackground = true, Name = "sessionizer" };
        _sessionizing.Start();
    }

    /// <summary>Names the appliance and file of the lines read next.</summary>
    public void SetSource(string? appliance, string? logPath)
    {
        var chunk = _empty.Take();
        chunk.Source = (appliance, logPath);
        _full.Add(chunk);
    }

    /// <param name="chunkRead">Called after each read from the stream (progress reporting).</param>
    /// <remarks>Hot loops are JIT-compiled even in a ReadyToRun build (AggressiveOptimization): see the project file.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(Stream stream, Action? chunkRead = null)
    {
        var chunk = _empty.Take();
        int start = 0;
        int end = 0;
        bool skippingLongLine = false;
        while (Volatile.Read(ref _failure) is null)
        {
            if (end == chunk.Bytes.Length || chunk.IsFull)
            {
                int pending = end - start;
                var next = _empty.Take();
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
                _full.Add(chunk);
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

        _full.Add(chunk);
    }

    /// <summary>Waits until the sessionizer has taken every line; throws what it threw, if anything.</summary>
    public void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            _full.CompleteAdding();
            _sessionizing.Join();
        }

        _failure?.Throw();
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            _full.CompleteAdding();
            _sessionizing.Join();
        }

        _full.Dispose();
        _empty.Dispose();
    }

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

    private void SessionizeLoop()
    {
        foreach (var chunk in _full.GetConsumingEnumerable())
        {
            if (_failure is null)
            {
                try
                {
                    Sessionize(chunk);
                }
                catch (Exception e)
                {
                    // Handed to the reading thread, which stops reading and rethrows it from Finish.
                    _failure = ExceptionDispatchInfo.Capture(e);
                }
            }

            chunk.Clear();
            _empty.Add(chunk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sessionize(ParsedChunk chunk)
    {
        if (chunk.Source is var (appliance, logPath))
        {
            _sessions.SetSource(appliance, logPath);
        }

        var bytes = chunk.Bytes;
        var starts = chunk.Starts;
        var lengths = chunk.Lengths;
        var lines = chunk.Lines;
        for (int i = 0; i < chunk.Count; i++)
        {
            _sessions.Process(bytes.AsSpan(starts[i], lengths[i]), in lines[i]);
        }
    }
}

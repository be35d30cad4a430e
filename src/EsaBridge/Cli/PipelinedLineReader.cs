using System.Runtime.CompilerServices;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>
/// Splits byte streams into lines (on <c>\n</c>) and parses them on the calling thread, while a thread of its own
/// feeds the parsed lines to the sessionizer in the same order: the two halves of the pipeline run on two cores.
/// A line longer than the limit is skipped to its end and counted once as malformed; a last line without its line
/// break is read too. A few chunks go round between the threads, so memory stays flat.
/// </summary>
internal sealed class PipelinedLineReader : IDisposable
{
    private readonly MailLogParser _parser;
    private readonly int _maxLineBytes;
    private readonly SessionizingStage _stage;

    public PipelinedLineReader(MailLogParser parser, Sessionizer sessions, int maxLineBytes, int chunkBytes = 256 << 10)
    {
        _parser = parser;
        _maxLineBytes = maxLineBytes;
        _stage = new SessionizingStage(sessions, Math.Max(chunkBytes, (maxLineBytes * 2) + 2));
    }

    /// <summary>Names the appliance and file of the lines read next.</summary>
    public void SetSource(string? appliance, string? logPath)
    {
        var chunk = _stage.TakeEmpty();
        chunk.Source = (appliance, logPath);
        _stage.Hand(chunk);
    }

    /// <param name="chunkRead">Called after each read from the stream (progress reporting).</param>
    /// <remarks>Hot loops are JIT-compiled even in a ReadyToRun build (AggressiveOptimization): see the project file.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(Stream stream, Action? chunkRead = null)
    {
        var chunk = _stage.TakeEmpty();
        int start = 0;
        int end = 0;
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
        catch (InvalidDataException)
        {
            // A .gz cut short or damaged: the complete lines before it go on; the cut one is dropped.
            _stage.Hand(chunk);
            throw;
        }

        _stage.Hand(chunk);
    }

    /// <summary>Waits until the sessionizer has taken every line; throws what it threw, if anything.</summary>
    public void Finish() => _stage.Finish();

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
}

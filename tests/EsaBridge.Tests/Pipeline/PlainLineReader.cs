using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Pipeline;

/// <summary>
/// The plain reader the tests hold <c>ParsingStage.Read</c> to: splits a byte stream into lines on <c>\n</c> and feeds
/// them to the pipeline on the calling thread, without copying them. A line longer
/// than the limit is skipped to its end and counted once as malformed.
/// </summary>
internal sealed class PlainLineReader
{
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;

    public PlainLineReader(int maxLineBytes, int bufferBytes = 1 << 20)
    {
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[Math.Max(bufferBytes, (maxLineBytes * 2) + 2)];
    }

    /// <param name="chunkRead">Called after each read from the stream (progress reporting).</param>
    public void Read(Stream stream, LogPipeline pipeline, Action? chunkRead = null)
    {
        int start = 0;
        int end = 0;
        bool skippingLongLine = false;
        while (true)
        {
            if (end == _buffer.Length)
            {
                int pending = end - start;
                if (pending > _maxLineBytes)
                {
                    if (!skippingLongLine)
                    {
                        pipeline.FeedOversized();
                    }

                    skippingLongLine = true;
                    start = end = 0;
                }
                else
                {
                    Buffer.BlockCopy(_buffer, start, _buffer, 0, pending);
                    start = 0;
                    end = pending;
                }
            }

            int read = stream.Read(_buffer, end, _buffer.Length - end);
            chunkRead?.Invoke();
            if (read == 0)
            {
                if (end > start && !skippingLongLine)
                {
                    FeedLine(pipeline, _buffer.AsSpan(start, end - start));
                }

                return;
            }

            end += read;
            while (true)
            {
                int newline = _buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
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
                    FeedLine(pipeline, _buffer.AsSpan(start, newline));
                }

                start += newline + 1;
            }

            if (skippingLongLine)
            {
                start = end = 0;
            }
        }
    }

    private void FeedLine(LogPipeline pipeline, ReadOnlySpan<byte> line)
    {
        if (line.Length > _maxLineBytes)
        {
            pipeline.FeedOversized();
        }
        else
        {
            pipeline.Feed(line);
        }
    }
}

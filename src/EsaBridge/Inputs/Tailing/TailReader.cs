namespace EsaBridge.Inputs.Tailing;

/// <summary>Reads an open file from its offset and hands complete lines to the sink, skipping lines over the limit. The bytes
/// after the last newline stay unread (the next read starts at the offset again) unless the file is finished.</summary>
internal sealed class TailReader(TailerOptions options, TailerCounters counters)
{
    private const int MinimumRead = 4096;

    private readonly int _maxLineBytes = options.MaxLineBytes;
    private readonly byte[] _buffer = new byte[Math.Max(options.ReadBufferBytes, (options.MaxLineBytes * 2) + 2)];
    private readonly TailerCounters _counters = counters;

    /// <summary>Reads what the file holds up to <paramref name="length"/> or until the budget is spent.</summary>
    /// <returns>True when everything up to <paramref name="length"/> was scanned (only an unterminated tail may remain).</returns>
    public bool ReadPlain(TrackedFile file, IFileSource source, long length, ITailSink sink, ref long budget)
    {
        while (file.ScanPosition < length)
        {
            if (budget <= 0)
            {
                return false;
            }

            long position = file.SkippingOversized ? file.ScanPosition : file.Offset;

            // At least past what earlier reads saw without a newline, so a line longer than the budget still completes.
            long least = file.ScanPosition - position + MinimumRead;
            int want = (int)Math.Min(Math.Min(_buffer.Length, Math.Max(budget, least)), length - position);
            int read = source.Read(position, _buffer.AsSpan(0, want));
            if (read == 0)
            {
                return true;
            }

            budget -= read;
            _counters.BytesRead += read;
            Consume(file, sink, _buffer.AsSpan(0, read), position);
        }

        return true;
    }

    /// <summary>Reads a .gz onwards; at its end the unterminated tail, if any, is delivered and the file is done.</summary>
    /// <returns>True when the end was reached.</returns>
    public bool ReadCompressed(TrackedFile file, IFileSource source, ITailSink sink, ref long budget)
    {
        while (budget > 0)
        {
            long position = file.SkippingOversized ? file.ScanPosition : file.Offset;
            int read = source.Read(position, _buffer);
            budget -= read;
            _counters.BytesRead += read;
            Consume(file, sink, _buffer.AsSpan(0, read), position);
            if (read < _buffer.Length)
            {
                // A read past the end throws when the file was cut short: its cut last line is not delivered.
                source.Read(position + read, _buffer.AsSpan(read, 1));
                int tailStart = file.SkippingOversized ? read : (int)(file.Offset - position);
                DeliverTail(file, sink, file.SkippingOversized, tailStart, read, position + read);
                return true;
            }
        }

        return false;
    }

    /// <summary>Delivers the unterminated last line of a finished file (from the offset to <paramref name="length"/>).</summary>
    public void DeliverTail(TrackedFile file, IFileSource source, long length, ITailSink sink)
    {
        bool oversized = file.SkippingOversized || length - file.Offset > _maxLineBytes;
        int read = oversized ? 0 : source.Read(file.Offset, _buffer.AsSpan(0, (int)(length - file.Offset)));
        DeliverTail(file, sink, oversized, 0, read, length);
    }

    /// <param name="end">End of the tail in the buffer, before its last byte (room for the added newline).</param>
    private void DeliverTail(TrackedFile file, ITailSink sink, bool oversized, int start, int end, long endOffset)
    {
        if (oversized)
        {
            _counters.OversizedLines++;
            _counters.UnterminatedTails++;
            sink.Oversized(file.Info);
        }
        else if (end > start)
        {
            _buffer[end] = (byte)'\n';
            _counters.UnterminatedTails++;
            sink.Lines(file.Info, _buffer.AsSpan(start, end - start + 1));
        }

        file.Offset = file.ScanPosition = endOffset;
        file.SkippingOversized = false;
    }

    private void Consume(TrackedFile file, ITailSink sink, ReadOnlySpan<byte> chunk, long position)
    {
        int start = 0;
        if (file.SkippingOversized)
        {
            int end = chunk.IndexOf((byte)'\n');
            if (end < 0)
            {
                file.ScanPosition = position + chunk.Length;
                return;
            }

            _counters.OversizedLines++;
            sink.Oversized(file.Info);
            file.SkippingOversized = false;
            start = end + 1;
        }

        // A window of limit + 1 bytes that holds a newline holds only lines within the limit up to its last newline:
        // one vectorised search per window instead of one per line.
        int run = start;
        int lineStart = start;
        while (lineStart < chunk.Length)
        {
            int window = Math.Min(_maxLineBytes + 1, chunk.Length - lineStart);
            int last = chunk.Slice(lineStart, window).LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                lineStart += last + 1;
                continue;
            }

            if (window <= _maxLineBytes)
            {
                break;
            }

            if (lineStart > run)
            {
                sink.Lines(file.Info, chunk[run..lineStart]);
            }

            int end = chunk[(lineStart + window)..].IndexOf((byte)'\n');
            if (end < 0)
            {
                // Over the limit and not ended yet: skipped as more is read.
                file.Offset = position + lineStart;
                file.ScanPosition = position + chunk.Length;
                file.SkippingOversized = true;
                return;
            }

            _counters.OversizedLines++;
            sink.Oversized(file.Info);
            lineStart += window + end + 1;
            run = lineStart;
        }

        if (lineStart > run)
        {
            sink.Lines(file.Info, chunk[run..lineStart]);
        }

        file.Offset = position + lineStart;
        file.ScanPosition = position + chunk.Length;
        file.SkippingOversized = false;
    }
}

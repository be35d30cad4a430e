namespace EsaBridge.Inputs;

/// <summary>Reads a stream forwards after its first bytes were taken to look at: those are given back first, so a pipe
/// or a FIFO, which cannot seek back, is read whole. Notes when the stream underneath ended.</summary>
internal sealed class PeekedStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _head;
    private int _headStart;

    private PeekedStream(Stream inner, byte[] head)
    {
        _inner = inner;
        _head = head;
    }

    /// <summary>The first bytes (fewer when the stream is shorter), also the first ones read.</summary>
    public ReadOnlySpan<byte> Head => _head;

    /// <summary>Whether a read of the stream underneath found its end: everything it held was read.</summary>
    public bool EndReached { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static PeekedStream Open(Stream inner, int headBytes)
    {
        byte[] head = new byte[headBytes];
        int read = inner.ReadAtLeast(head, headBytes, throwOnEndOfStream: false);
        var stream = new PeekedStream(inner, read == headBytes ? head : head[..read]);
        stream.EndReached = read < headBytes;
        return stream;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headStart < _head.Length)
        {
            int given = Math.Min(buffer.Length, _head.Length - _headStart);
            _head.AsSpan(_headStart, given).CopyTo(buffer);
            _headStart += given;
            return given;
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        int read = _inner.Read(buffer);
        EndReached |= read == 0;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.IO.Compression;

namespace EsaBridge.Inputs.Tailing;

/// <summary>A .gz file decompressed front to back. Positions are decompressed bytes. The tail of the last read is kept
/// so the reader can ask again from the start of a line that was cut by the end of its buffer.</summary>
internal sealed class GzipFileSource : IFileSource
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly byte[] _kept;
    private long _keptStart;
    private long _streamPosition;
    private InvalidDataException? _failure;

    private GzipFileSource(FileStream file, int keepBytes)
    {
        _file = file;
        _gzip = new GZipStream(file, CompressionMode.Decompress);
        _kept = new byte[keepBytes];
    }

    public long? Length => null;

    public DateTime LastWriteUtc => File.GetLastWriteTimeUtc(_file.SafeFileHandle);

    /// <param name="keepBytes">At least the longest line plus one: how far back a later read may start.</param>
    public static GzipFileSource Open(string path, long skipTo, int keepBytes)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var source = new GzipFileSource(file, keepBytes);
        try
        {
            source.SkipTo(skipTo);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Reads the first <paramref name="destination"/>.Length decompressed bytes (fewer when the file is shorter).</summary>
    public static int ReadHead(string path, Span<byte> destination)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return gzip.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
    }

    public int Read(long position, Span<byte> destination)
    {
        if (position < _keptStart || position > _streamPosition)
        {
            throw new InvalidOperationException($"a compressed file cannot be read at {position} (kept {_keptStart}..{_streamPosition})");
        }

        int total = (int)Math.Min(_streamPosition - position, destination.Length);
        _kept.AsSpan((int)(position - _keptStart), total).CopyTo(destination);
        if (_failure is not null && total < destination.Length)
        {
            throw _failure;
        }

        while (total < destination.Length)
        {
            int read;
            try
            {
                read = _gzip.Read(destination[total..]);
            }
            catch (InvalidDataException e)
            {
                // What was decompressed before the cut goes out first; the next read past it throws.
                _failure = Explain(e);
                break;
            }

            if (read == 0)
            {
                break;
            }

            total += read;
            _streamPosition += read;
        }

        int keep = Math.Min(total, _kept.Length);
        destination.Slice(total - keep, keep).CopyTo(_kept);
        _keptStart = position + total - keep;
        return total;
    }

    public void Dispose()
    {
        _gzip.Dispose();
        _file.Dispose();
    }

    private void SkipTo(long offset)
    {
        var scratch = new byte[1 << 16];
        while (_streamPosition < offset)
        {
            int read;
            try
            {
                read = _gzip.Read(scratch, 0, (int)Math.Min(scratch.Length, offset - _streamPosition));
            }
            catch (InvalidDataException e)
            {
                throw Explain(e);
            }

            if (read == 0)
            {
                throw new InvalidDataException($"the decompressed content ends at {_streamPosition}, before the saved position {offset}");
            }

            _streamPosition += read;
        }

        _keptStart = _streamPosition;
    }

    /// <summary>Says "cut short" when the whole file was read and its gzip stream had not ended.</summary>
    private InvalidDataException Explain(InvalidDataException e) =>
        _file.Position >= _file.Length
            ? new InvalidDataException($"cut short: its gzip data ends at byte {_file.Length} before the end of the compressed stream", e)
            : e;
}

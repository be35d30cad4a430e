using System.IO.Compression;

namespace EsaBridge.Inputs;

/// <summary>An opened input: a file, a pipe or FIFO (<c>&lt;(cat log)</c>, <c>/dev/stdin</c>) or standard input, each
/// gzip-compressed or not, which is told from its first two bytes without seeking.</summary>
internal sealed class InputFile : IDisposable
{
    private readonly Stream _raw;
    private readonly PeekedStream _peeked;

    private InputFile(string name, Stream raw, long length)
    {
        Name = name;
        _raw = raw;
        _peeked = PeekedStream.Open(raw, 2);
        IsGzip = _peeked.Head is [0x1f, 0x8b];
        Content = IsGzip ? new GZipStream(_peeked, CompressionMode.Decompress) : _peeked;
        Length = length;
    }

    /// <summary>The path as given, or <c>-</c> for standard input.</summary>
    public string Name { get; }

    public Stream Content { get; }

    /// <summary>Size on disk (compressed size for .gz), 0 for standard input and pipes.</summary>
    public long Length { get; }

    /// <summary>Bytes consumed from the file on disk so far.</summary>
    public long Position => _raw.CanSeek ? _raw.Position : 0;

    public bool IsStandardInput => Name == "-";

    public bool IsGzip { get; }

    /// <summary>Whether the input's own (compressed) bytes were read to their end.</summary>
    public bool EndReached => _peeked.EndReached;

    /// <exception cref="InputException">When the file is missing, a directory or unreadable.</exception>
    public static InputFile Open(string path, Func<Stream> standardInput)
    {
        if (path == "-")
        {
            return new InputFile(path, standardInput(), 0);
        }

        if (Directory.Exists(path))
        {
            throw new InputException($"'{path}' is a directory, not a log file");
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"'{path}': no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException($"'{path}': permission denied");
        }
        catch (IOException e)
        {
            throw new InputException($"'{path}': {e.Message}");
        }

        try
        {
            return new InputFile(path, file, file.CanSeek ? file.Length : 0);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new InputException($"'{path}': {e.Message}");
        }
    }

    public void Dispose()
    {
        Content.Dispose();
        _peeked.Dispose();
        _raw.Dispose();
    }
}

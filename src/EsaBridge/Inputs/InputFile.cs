using System.IO.Compression;

namespace EsaBridge.Inputs;

/// <summary>An opened input: a file (gzip-compressed or not) or standard input.</summary>
internal sealed class InputFile : IDisposable
{
    private readonly Stream _raw;

    private InputFile(string name, Stream raw, Stream content, long length)
    {
        Name = name;
        _raw = raw;
        Content = content;
        Length = length;
    }

    /// <summary>The path as given, or <c>-</c> for standard input.</summary>
    public string Name { get; }

    public Stream Content { get; }

    /// <summary>Size on disk (compressed size for .gz), 0 for standard input.</summary>
    public long Length { get; }

    /// <summary>Bytes consumed from the file on disk so far.</summary>
    public long Position => _raw.CanSeek ? _raw.Position : 0;

    public bool IsStandardInput => Name == "-";

    /// <exception cref="InputException">When the file is missing, a directory or unreadable.</exception>
    public static InputFile Open(string path, Func<Stream> standardInput)
    {
        if (path == "-")
        {
            var stdin = standardInput();
            return new InputFile(path, stdin, stdin, 0);
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
        catch (FileNotFoundException)
        {
            throw new InputException($"'{path}': no such file");
        }
        catch (DirectoryNotFoundException)
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

        Stream content = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new InputFile(path, file, content, file.Length);
    }

    public void Dispose()
    {
        Content.Dispose();
        _raw.Dispose();
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}

using System.Text.Json;
using EsaBridge.StateFiles;

namespace EsaBridge.Delivery;

/// <summary>Documents an output rejected for good, or could not deliver before its retries ran out, appended as NDJSON
/// with the server's reason: nothing is ever dropped silently.</summary>
internal sealed class DeadLetterFile(string path) : IDisposable
{
    private readonly object _gate = new();
    private FileStream? _stream;

    public string Path => path;

    public long Count { get; private set; }

    public void Write(string output, OutgoingDocument document, int? status, string reason)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("@timestamp", DateTimeOffset.UtcNow);
            writer.WriteString("output", output);
            if (status is int code)
            {
                writer.WriteNumber("status", code);
            }

            writer.WriteString("reason", reason);
            writer.WriteString("event_id", document.Id);
            writer.WritePropertyName("document");
            writer.WriteRawValue(document.Json.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            _stream ??= new FileStream(path, PrivateFiles.Options(FileMode.Append, FileAccess.Write, FileShare.Read));
            buffer.Position = 0;
            buffer.CopyTo(_stream);
            _stream.Flush(flushToDisk: true);
            Count++;
        }
    }

    /// <summary>How many dead letters a file holds (its non-empty lines), from every run that wrote to it; 0 when missing.</summary>
    public static long CountIn(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        bool content = false;
        for (int read; (read = stream.Read(buffer)) > 0;)
        {
            foreach (byte b in buffer.AsSpan(0, read))
            {
                if (b == (byte)'\n')
                {
                    lines += content ? 1 : 0;
                    content = false;
                }
                else if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    content = true;
                }
            }
        }

        return lines + (content ? 1 : 0);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}

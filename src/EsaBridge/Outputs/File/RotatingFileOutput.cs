using EsaBridge.Delivery;

namespace EsaBridge.Outputs.File;

/// <summary><c>--output-file</c> of <c>run</c>: documents appended as NDJSON and flushed to disk before a batch counts as
/// delivered. Past the size limit the file becomes FILE.1 (FILE.1 becomes FILE.2, ...), keeping a set number.</summary>
internal sealed class RotatingFileOutput(string path, long maxBytes, int keep) : IDocumentOutput
{
    private readonly string _path = Path.GetFullPath(path);
    private readonly long _maxBytes = maxBytes;
    private readonly int _keep = keep;
    private FileStream? _stream;

    public string Name => "file";

    public DeliveryCounters Counters { get; } = new();

    public DeliveryTrouble Trouble { get; } = new();

    public (int Documents, long Bytes) BatchLimits => (1000, 4L << 20);

    public Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation)
    {
        Counters.AddSent(batch.Count);
        var stream = _stream ??= Open();
        foreach (var document in batch)
        {
            stream.Write(document.Json.Span);
            stream.WriteByte((byte)'\n');
        }

        stream.Flush(flushToDisk: true);
        Counters.AddCreated(batch.Count);
        if (stream.Length >= _maxBytes)
        {
            Rotate();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        _stream = null;
        return ValueTask.CompletedTask;
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    private void Rotate()
    {
        _stream!.Dispose();
        _stream = null;
        if (_keep == 0)
        {
            System.IO.File.Delete(_path);
            return;
        }

        System.IO.File.Delete($"{_path}.{_keep}");
        for (int i = _keep - 1; i >= 1; i--)
        {
            if (System.IO.File.Exists($"{_path}.{i}"))
            {
                System.IO.File.Move($"{_path}.{i}", $"{_path}.{i + 1}");
            }
        }

        System.IO.File.Move(_path, $"{_path}.1");
    }
}

using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Outputs.File;

/// <summary>Documents as NDJSON to a stream (stdout or a file), written in blocks of about 1 MiB.</summary>
internal sealed class NdjsonOutput(Stream destination) : IDisposable
{
    private const int FlushBytes = 1 << 20;
    private readonly NdjsonEncoder _encoder = new();

    public void Write(SessionRecord record)
    {
        _encoder.Append(record);
        if (_encoder.WrittenCount >= FlushBytes)
        {
            Flush();
        }
    }

    public void Flush()
    {
        destination.Write(_encoder.Written.Span);
        _encoder.Clear();
        destination.Flush();
    }

    public void Dispose()
    {
        Flush();
        destination.Dispose();
    }
}

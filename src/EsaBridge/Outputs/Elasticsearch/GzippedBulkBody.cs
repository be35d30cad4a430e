using System.Collections.Concurrent;
using System.IO.Compression;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>A batch's <c>_bulk</c> body gzipped ahead of its sending (<see cref="ElasticsearchOutput.Prepare"/>) at the
/// level <see cref="GzipFastestHandler"/> uses, in a buffer that goes back to its pool when the batch is done.</summary>
internal sealed class GzippedBulkBody : IPreparedBatch
{
    private readonly ConcurrentBag<MemoryStream> _pool;
    private MemoryStream? _buffer;

    private GzippedBulkBody(MemoryStream buffer, ConcurrentBag<MemoryStream> pool)
    {
        _buffer = buffer;
        _pool = pool;
    }

    public ReadOnlyMemory<byte> Bytes => _buffer is { } buffer
        ? buffer.GetBuffer().AsMemory(0, (int)buffer.Length)
        : throw new ObjectDisposedException(nameof(GzippedBulkBody));

    public static GzippedBulkBody Write(IReadOnlyList<OutgoingDocument> documents, BulkRequestBody body, ConcurrentBag<MemoryStream> pool)
    {
        var buffer = pool.TryTake(out var reused) ? reused : new MemoryStream();
        buffer.SetLength(0);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            body.WriteTo(documents, gzip);
        }

        return new GzippedBulkBody(buffer, pool);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _pool.Add(buffer);
        }
    }
}

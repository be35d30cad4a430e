using System.Buffers;
using System.Text.Json;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>The NDJSON body of a <c>_bulk</c> request: a <c>create</c> action with <c>_id</c> = <c>event.id</c> before each
/// document (data streams accept only <c>create</c>; the id makes a replay a 409, never a duplicate), every line ending in
/// a newline, the last one included. Written straight to the request stream through one pooled buffer. The request's
/// path names the session data stream; a connection document's action names its own (<c>_index</c>), so one request
/// carries both kinds in the order they came.</summary>
internal sealed class BulkRequestBody(string connectionDataStream)
{
    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> PlainIdCharacters =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.");

    private static readonly byte[] ActionStart = "{\"create\":{\"_id\":\""u8.ToArray();
    private static readonly byte[] ActionEnd = "\"}}\n"u8.ToArray();

    private readonly byte[] _connectionActionStart =
        [.. "{\"create\":{\"_index\":\""u8, .. JsonEncodedText.Encode(connectionDataStream).EncodedUtf8Bytes, .. "\",\"_id\":\""u8];

    /// <summary>The whole body as one array (for tests and small requests).</summary>
    public byte[] Build(IReadOnlyList<OutgoingDocument> documents)
    {
        using var buffer = new MemoryStream();
        WriteTo(documents, buffer);
        return buffer.ToArray();
    }

    public void WriteTo(IReadOnlyList<OutgoingDocument> documents, Stream stream)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int filled = 0;
            foreach (var document in documents)
            {
                if (!TryAppend(document, buffer, ref filled))
                {
                    stream.Write(buffer, 0, filled);
                    filled = 0;
                    if (!TryAppend(document, buffer, ref filled))
                    {
                        stream.Write(Alone(document));
                    }
                }
            }

            stream.Write(buffer, 0, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task WriteToAsync(IReadOnlyList<OutgoingDocument> documents, Stream stream, CancellationToken cancellation)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int filled = 0;
            foreach (var document in documents)
            {
                if (!TryAppend(document, buffer, ref filled))
                {
                    await stream.WriteAsync(buffer.AsMemory(0, filled), cancellation).ConfigureAwait(false);
                    filled = 0;
                    if (!TryAppend(document, buffer, ref filled))
                    {
                        await stream.WriteAsync(Alone(document), cancellation).ConfigureAwait(false);
                    }
                }
            }

            await stream.WriteAsync(buffer.AsMemory(0, filled), cancellation).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends the action line and the document when both fit in what is left of the buffer.</summary>
    private bool TryAppend(OutgoingDocument document, byte[] buffer, ref int filled)
    {
        var free = buffer.AsSpan(filled);
        var actionStart = ActionStartOf(document);
        int need = actionStart.Length + (document.Id.Length * 6) + ActionEnd.Length + document.Size + 1;
        if (need > free.Length)
        {
            return false;
        }

        int at = Copy(actionStart, free, 0);
        at += Id(document.Id, free[at..]);
        at += Copy(ActionEnd, free, at);
        at += Copy(document.Json.Span, free, at);
        free[at++] = (byte)'\n';
        filled += at;
        return true;
    }

    /// <summary>A document larger than the buffer (rare: documents are about a kilobyte), as its own array.</summary>
    private byte[] Alone(OutgoingDocument document)
    {
        byte[] id = JsonEncodedText.Encode(document.Id).EncodedUtf8Bytes.ToArray();
        return [.. ActionStartOf(document), .. id, .. ActionEnd, .. document.Json.Span, (byte)'\n'];
    }

    private byte[] ActionStartOf(OutgoingDocument document) =>
        DocumentDataset.IsConnection(document.Json.Span) ? _connectionActionStart : ActionStart;

    /// <summary>The id as the inside of a JSON string, escaped as <see cref="JsonEncodedText"/> does (event ids need none).</summary>
    private static int Id(string id, Span<byte> destination)
    {
        if (!id.AsSpan().ContainsAnyExcept(PlainIdCharacters))
        {
            return System.Text.Encoding.ASCII.GetBytes(id, destination);
        }

        var encoded = JsonEncodedText.Encode(id).EncodedUtf8Bytes;
        encoded.CopyTo(destination);
        return encoded.Length;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination, int at)
    {
        source.CopyTo(destination[at..]);
        return source.Length;
    }
}

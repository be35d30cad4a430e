using System.Text.Json;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>
/// The NDJSON body of a <c>_bulk</c> request: a <c>create</c> action with <c>_id</c> = <c>event.id</c> before each
/// document (data streams accept only <c>create</c>; the id makes a replay a 409, never a duplicate), every line
/// ending in a newline, the last one included. Written straight into one array of the exact size.
/// </summary>
internal static class BulkRequestBody
{
    private static readonly byte[] ActionStart = "{\"create\":{\"_id\":"u8.ToArray();
    private static readonly byte[] ActionEnd = "}}\n"u8.ToArray();

    public static byte[] Build(IReadOnlyList<OutgoingDocument> documents)
    {
        var ids = new byte[documents.Count][];
        int size = 0;
        for (int i = 0; i < documents.Count; i++)
        {
            ids[i] = [(byte)'"', .. JsonEncodedText.Encode(documents[i].Id).EncodedUtf8Bytes, (byte)'"'];
            size += ActionStart.Length + ids[i].Length + ActionEnd.Length + documents[i].Size + 1;
        }

        byte[] body = new byte[size];
        int at = 0;
        for (int i = 0; i < documents.Count; i++)
        {
            at += Copy(ActionStart, body, at);
            at += Copy(ids[i], body, at);
            at += Copy(ActionEnd, body, at);
            at += Copy(documents[i].Json.Span, body, at);
            body[at++] = (byte)'\n';
        }

        return body;
    }

    private static int Copy(ReadOnlySpan<byte> source, byte[] destination, int at)
    {
        source.CopyTo(destination.AsSpan(at));
        return source.Length;
    }
}

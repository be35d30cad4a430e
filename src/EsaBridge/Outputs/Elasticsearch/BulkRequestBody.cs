using System.Buffers;
using System.Text.Json;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>
/// The NDJSON body of a <c>_bulk</c> request: a <c>create</c> action with <c>_id</c> = <c>event.id</c> before each
/// document (data streams accept only <c>create</c>; the id makes a replay a 409, never a duplicate), every line
/// ending in a newline, the last one included.
/// </summary>
internal static class BulkRequestBody
{
    public static byte[] Build(IReadOnlyList<OutgoingDocument> documents)
    {
        var buffer = new ArrayBufferWriter<byte>(documents.Sum(d => d.Size + 64));
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var document in documents)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("create"u8);
            writer.WriteString("_id"u8, document.Id);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
            buffer.Write(document.Json.Span);
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Bytes a document adds to a bulk body (action line, document, two newlines).</summary>
    public static long CostOf(OutgoingDocument document) => document.Size + document.Id.Length + 24;
}

using System.Buffers;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Splunk;

/// <summary>One document as a HEC event: the contract's "Splunk events" JSON made from its ECS bytes.</summary>
internal readonly record struct HecEvent(OutgoingDocument Document, ReadOnlyMemory<byte> Json);

/// <summary>Turns documents into HEC events, groups them into bodies within the byte limit, and writes a body.</summary>
internal static class HecEventBatch
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Transcodes every document; those that are not session documents are handed to <paramref name="refused"/>.</summary>
    public static List<HecEvent> Transcode(IReadOnlyList<OutgoingDocument> documents, SplunkEnvelope envelope, Action<OutgoingDocument, string> refused)
    {
        var buffer = new ArrayBufferWriter<byte>(documents.Sum(d => d.Size) + 1024);
        using var writer = new Utf8JsonWriter(buffer, Options);
        var ranges = new List<(OutgoingDocument Document, int Start, int Length)>(documents.Count);
        foreach (var document in documents)
        {
            int start = buffer.WrittenCount;
            try
            {
                SplunkEventTranscoder.Write(writer, document.Json.Span, envelope);
                writer.Flush();
                ranges.Add((document, start, buffer.WrittenCount - start));
            }
            catch (FormatException e)
            {
                refused(document, $"not a session document, no Splunk event made: {e.Message}");
            }

            writer.Reset(buffer);
        }

        var memory = buffer.WrittenMemory;
        return ranges.ConvertAll(r => new HecEvent(r.Document, memory.Slice(r.Start, r.Length)));
    }

    /// <summary>Consecutive runs of events whose bodies stay within <paramref name="maxBytes"/> (an event larger than that alone).</summary>
    public static List<List<HecEvent>> Chunk(List<HecEvent> events, long maxBytes)
    {
        var chunks = new List<List<HecEvent>>();
        var current = new List<HecEvent>();
        long size = 0;
        foreach (var e in events)
        {
            if (current.Count > 0 && size + e.Json.Length + 1 > maxBytes)
            {
                chunks.Add(current);
                current = [];
                size = 0;
            }

            current.Add(e);
            size += e.Json.Length + 1;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    /// <summary>The events one after another, each followed by a newline (HEC takes concatenated objects, not an array).</summary>
    public static byte[] Body(IReadOnlyList<HecEvent> events, bool gzip)
    {
        int size = events.Sum(e => e.Json.Length + 1);
        byte[] plain = new byte[size];
        int at = 0;
        foreach (var e in events)
        {
            e.Json.Span.CopyTo(plain.AsSpan(at));
            at += e.Json.Length;
            plain[at++] = (byte)'\n';
        }

        if (!gzip)
        {
            return plain;
        }

        using var compressed = new MemoryStream((size / 6) + 64);
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(plain);
        }

        return compressed.ToArray();
    }
}

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

    /// <summary>Transcodes every document into <paramref name="buffer"/> (the events are slices of it, valid until it
    /// is reused); each event names its own sourcetype (sessions and connections differ), so one body mixes kinds;
    /// documents that are neither session nor connection documents are handed to <paramref name="refused"/>.</summary>
    public static List<HecEvent> Transcode(
        IReadOnlyList<OutgoingDocument> documents, SplunkEnvelope envelope, ArrayBufferWriter<byte> buffer, Action<OutgoingDocument, string> refused)
    {
        buffer.ResetWrittenCount();
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
                refused(document, $"not a session or connection document, no Splunk event made: {e.Message}");
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

    /// <summary>Writes the events one after another, each followed by a newline (HEC takes concatenated objects, not an
    /// array), gzipped or not, into <paramref name="body"/>, which is emptied first.</summary>
    public static void WriteBody(IReadOnlyList<HecEvent> events, bool gzip, MemoryStream body)
    {
        body.SetLength(0);
        if (!gzip)
        {
            WriteEvents(events, body);
            return;
        }

        using var zip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
        WriteEvents(events, zip);
    }

    private static void WriteEvents(IReadOnlyList<HecEvent> events, Stream into)
    {
        foreach (var e in events)
        {
            into.Write(e.Json.Span);
            into.WriteByte((byte)'\n');
        }
    }
}

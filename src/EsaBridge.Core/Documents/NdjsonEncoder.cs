using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>Encodes records as NDJSON lines into a reusable buffer: one JSON object and a newline per record.</summary>
public sealed class NdjsonEncoder
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public NdjsonEncoder()
    {
        _writer = new Utf8JsonWriter(_buffer, Options);
    }

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public int WrittenCount => _buffer.WrittenCount;

    public void Append(SessionRecord record)
    {
        EcsDocumentWriter.Write(_writer, record);
        _writer.Flush();
        _writer.Reset(_buffer);
        _buffer.Write("\n"u8);
    }

    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>One record as UTF-8 JSON bytes without a newline, reusing this encoder's buffer (not thread-safe).</summary>
    public byte[] Encode(SessionRecord record)
    {
        byte[] json = EncodeInPlace(record).ToArray();
        _buffer.ResetWrittenCount();
        return json;
    }

    /// <summary>
    /// One record as UTF-8 JSON bytes without a newline, left in this encoder's buffer: valid until the next call
    /// (for callers that copy documents into buffers of their own instead of one array each).
    /// </summary>
    public ReadOnlySpan<byte> EncodeInPlace(SessionRecord record)
    {
        _buffer.ResetWrittenCount();
        EcsDocumentWriter.Write(_writer, record);
        _writer.Flush();
        _writer.Reset(_buffer);
        return _buffer.WrittenSpan;
    }

    /// <summary>One record as a JSON string (tests, tools).</summary>
    public static string ToJson(SessionRecord record) => System.Text.Encoding.UTF8.GetString(ToUtf8(record));

    /// <summary>One record as UTF-8 JSON bytes, without a newline.</summary>
    public static byte[] ToUtf8(SessionRecord record) => new NdjsonEncoder().Encode(record);
}

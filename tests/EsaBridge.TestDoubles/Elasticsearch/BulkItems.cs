using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Writes the <c>items</c> of a bulk response, one per operation in request order, shaped like Elasticsearch's, and
/// assembles <c>{"errors":bool,"took":n,"items":[...]}</c> (written directly as UTF-8: bulk answers are large).
/// </summary>
internal sealed class BulkItems : IDisposable
{
    /// <summary>The buffer of the last answer written on this thread, reused: an answer is about 240 bytes per item.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_spare;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;

    public BulkItems()
    {
        _buffer = t_spare ?? new ArrayBufferWriter<byte>(64 * 1024);
        t_spare = null;
        _buffer.ResetWrittenCount();
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    public bool Errors { get; private set; }

    /// <summary>A write that happened: created (201), updated, deleted, not_found or noop.</summary>
    public void Done(string op, string index, string id, StoredDocument stored, string result, int status, bool noop = false)
    {
        Start(op, index, id);
        _writer.WriteNumber(Names.Version, stored.Version);
        _writer.WriteString(Names.Result, result);
        _writer.WriteStartObject(Names.Shards);
        _writer.WriteNumber(Names.Total, noop ? 0 : 2);
        _writer.WriteNumber(Names.Successful, noop ? 0 : 1);
        _writer.WriteNumber(Names.Failed, 0);
        _writer.WriteEndObject();
        _writer.WriteNumber(Names.SeqNo, stored.SeqNo);
        _writer.WriteNumber(Names.PrimaryTerm, 1);
        _writer.WriteNumber(Names.Status, status);
        End();
    }

    public void Failed(string op, string? index, string? id, int status, JsonObject error)
    {
        Errors = true;
        Start(op, index, id);
        _writer.WriteNumber(Names.Status, status);
        _writer.WritePropertyName(Names.Error);
        error.WriteTo(_writer);
        End();
    }

    /// <summary>The whole response body.</summary>
    public byte[] Finish(long took)
    {
        _writer.WriteEndArray();
        _writer.Flush();
        byte[] head = Encoding.UTF8.GetBytes($"{{\"errors\":{(Errors ? "true" : "false")},\"took\":{took},\"items\":");
        byte[] body = new byte[head.Length + _buffer.WrittenCount + 1];
        head.CopyTo(body, 0);
        _buffer.WrittenSpan.CopyTo(body.AsSpan(head.Length));
        body[^1] = (byte)'}';
        return body;
    }

    public void Dispose()
    {
        _writer.Dispose();
        t_spare = _buffer;
    }

    private void Start(string op, string? index, string? id)
    {
        _writer.WriteStartObject();
        _writer.WriteStartObject(op);
        _writer.WriteString(Names.Index, index);
        _writer.WriteString(Names.Id, id);
    }

    private void End()
    {
        _writer.WriteEndObject();
        _writer.WriteEndObject();
    }

    /// <summary>The member names of an item, encoded once (every bulk answer writes them for every document).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Index = JsonEncodedText.Encode("_index");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("_id");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("_version");
        public static readonly JsonEncodedText Result = JsonEncodedText.Encode("result");
        public static readonly JsonEncodedText Shards = JsonEncodedText.Encode("_shards");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText Successful = JsonEncodedText.Encode("successful");
        public static readonly JsonEncodedText Failed = JsonEncodedText.Encode("failed");
        public static readonly JsonEncodedText SeqNo = JsonEncodedText.Encode("_seq_no");
        public static readonly JsonEncodedText PrimaryTerm = JsonEncodedText.Encode("_primary_term");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    }
}

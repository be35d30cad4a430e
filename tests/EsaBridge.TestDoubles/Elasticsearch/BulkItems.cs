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
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public BulkItems()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    public bool Errors { get; private set; }

    /// <summary>A write that happened: created (201), updated, deleted, not_found or noop.</summary>
    public void Done(string op, string index, string id, StoredDocument stored, string result, int status, bool noop = false)
    {
        Start(op, index, id);
        _writer.WriteNumber("_version", stored.Version);
        _writer.WriteString("result", result);
        _writer.WriteStartObject("_shards");
        _writer.WriteNumber("total", noop ? 0 : 2);
        _writer.WriteNumber("successful", noop ? 0 : 1);
        _writer.WriteNumber("failed", 0);
        _writer.WriteEndObject();
        _writer.WriteNumber("_seq_no", stored.SeqNo);
        _writer.WriteNumber("_primary_term", 1);
        _writer.WriteNumber("status", status);
        End();
    }

    public void Failed(string op, string? index, string? id, int status, JsonObject error)
    {
        Errors = true;
        Start(op, index, id);
        _writer.WriteNumber("status", status);
        _writer.WritePropertyName("error");
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

    public void Dispose() => _writer.Dispose();

    private void Start(string op, string? index, string? id)
    {
        _writer.WriteStartObject();
        _writer.WriteStartObject(op);
        _writer.WriteString("_index", index);
        _writer.WriteString("_id", id);
    }

    private void End()
    {
        _writer.WriteEndObject();
        _writer.WriteEndObject();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Collects the <c>items</c> of a bulk response, one per operation in request order, shaped like Elasticsearch's, and
/// writes <c>{"errors":bool,"took":n,"items":[...]}</c> directly as UTF-8 (bulk answers are large). When the
/// request's <c>filter_path</c> keeps only each item's status and error and no item failed, it writes what that
/// filter keeps (<c>{"items":[{"create":{"status":201}},...]}</c>) instead of the whole answer to be filtered.
/// </summary>
internal sealed class BulkItems : IDisposable
{
    /// <summary>The buffer and item list of the last answer written on this thread, reused: an answer is about 240 bytes per item.</summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, List<Item> Items)? t_spare;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly List<Item> _items;

    public BulkItems()
    {
        (_buffer, _items) = t_spare ?? (new ArrayBufferWriter<byte>(64 * 1024), new List<Item>());
        t_spare = null;
        _buffer.ResetWrittenCount();
        _items.Clear();
    }

    public bool Errors { get; private set; }

    /// <summary>A write that happened: created (201), updated, deleted, not_found or noop.</summary>
    public void Done(string op, string index, string id, StoredDocument stored, string result, int status, bool noop = false) =>
        _items.Add(new Item(op, index, id, status, stored.Version, stored.SeqNo, result, noop, null));

    public void Failed(string op, string? index, string? id, int status, JsonObject error)
    {
        Errors = true;
        _items.Add(new Item(op, index, id, status, 0, 0, null, false, error));
    }

    /// <summary>
    /// The response body; <paramref name="filtered"/> says whether <paramref name="filterPath"/> has been applied
    /// already (otherwise the caller applies it to the whole answer).
    /// </summary>
    public byte[] Finish(long took, string? filterPath, out bool filtered)
    {
        filtered = !Errors && _items.Count > 0 && KeepsOnlyStatusAndError(filterPath);
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            if (filtered)
            {
                WriteStatuses(writer);
            }
            else
            {
                WriteWhole(writer, took);
            }
        }

        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        _items.Clear();
        t_spare = (_buffer, _items);
    }

    /// <summary>
    /// True when the filter includes <c>items.*.status</c> and otherwise only paths below <c>items.*.error</c>, with no
    /// exclusion: without failed items it keeps exactly each item's operation and status.
    /// </summary>
    internal static bool KeepsOnlyStatusAndError(string? filterPath)
    {
        if (string.IsNullOrEmpty(filterPath))
        {
            return false;
        }

        bool status = false;
        foreach (var path in filterPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (path == "items.*.status")
            {
                status = true;
            }
            else if (path != "items.*.error" && !path.StartsWith("items.*.error.", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return status;
    }

    private void WriteStatuses(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(Names.Items);
        foreach (var item in _items)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(item.Op);
            writer.WriteNumber(Names.Status, item.Status);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteWhole(Utf8JsonWriter writer, long took)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(Names.Errors, Errors);
        writer.WriteNumber(Names.Took, took);
        writer.WriteStartArray(Names.Items);
        foreach (var item in _items)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(item.Op);
            writer.WriteString(Names.Index, item.Index);
            writer.WriteString(Names.Id, item.Id);
            if (item.Error is { } error)
            {
                writer.WriteNumber(Names.Status, item.Status);
                writer.WritePropertyName(Names.Error);
                error.WriteTo(writer);
            }
            else
            {
                writer.WriteNumber(Names.Version, item.Version);
                writer.WriteString(Names.Result, item.Result);
                writer.WriteStartObject(Names.Shards);
                writer.WriteNumber(Names.Total, item.Noop ? 0 : 2);
                writer.WriteNumber(Names.Successful, item.Noop ? 0 : 1);
                writer.WriteNumber(Names.Failed, 0);
                writer.WriteEndObject();
                writer.WriteNumber(Names.SeqNo, item.SeqNo);
                writer.WriteNumber(Names.PrimaryTerm, 1);
                writer.WriteNumber(Names.Status, item.Status);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>One item: a write that happened (version, sequence number, result) or a failure (its error).</summary>
    private readonly record struct Item(string Op, string? Index, string? Id, int Status, long Version, long SeqNo, string? Result, bool Noop, JsonObject? Error);

    /// <summary>The member names of an answer, encoded once (every bulk answer writes them for every document).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");
        public static readonly JsonEncodedText Took = JsonEncodedText.Encode("took");
        public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
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

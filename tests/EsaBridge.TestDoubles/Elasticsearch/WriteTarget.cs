using System.Globalization;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// A data stream (with its one backing index, <c>.ds-&lt;name&gt;-&lt;yyyy.MM.dd&gt;-000001</c>) or a plain index: its
/// live mapping and settings, fixed when it was created, and its documents by <c>_id</c>.
/// </summary>
internal sealed class WriteTarget
{
    private readonly Dictionary<string, StoredDocument> _documents = new(StringComparer.Ordinal);
    private long _nextSeqNo;

    public WriteTarget(string name, bool dataStream, string? template, IndexMapping mapping, IndexSettings settings, DateTimeOffset created)
    {
        Name = name;
        IsDataStream = dataStream;
        Template = template;
        Mapping = mapping;
        Settings = settings;
        WriteIndex = dataStream
            ? $".ds-{name}-{created.UtcDateTime.ToString("yyyy.MM.dd", CultureInfo.InvariantCulture)}-000001"
            : name;
        DefaultPipeline = settings["index.default_pipeline"];
        FinalPipeline = settings["index.final_pipeline"];
        IgnoreMalformed = settings.IsTrue("index.mapping.ignore_malformed");
        Uuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..22];
    }

    public string Name { get; }

    public bool IsDataStream { get; }

    public string? Template { get; }

    public IndexMapping Mapping { get; }

    public IndexSettings Settings { get; }

    /// <summary>index.default_pipeline, index.final_pipeline and index.mapping.ignore_malformed, read once.</summary>
    public string? DefaultPipeline { get; }

    public string? FinalPipeline { get; }

    public bool IgnoreMalformed { get; }

    /// <summary>The concrete index documents go to.</summary>
    public string WriteIndex { get; }

    public string Uuid { get; }

    public int Count => _documents.Count;

    public StoredDocument? this[string id] => _documents.GetValueOrDefault(id);

    /// <summary>Stores a new revision and returns it (version and sequence number assigned).</summary>
    public StoredDocument Write(string id, ReadOnlyMemory<byte> source)
    {
        long version = _documents.TryGetValue(id, out var previous) ? previous.Version + 1 : 1;
        var stored = new StoredDocument(source, version, _nextSeqNo++);
        _documents[id] = stored;
        return stored;
    }

    /// <summary>Deletes a document; a missing one still takes a sequence number, as in Elasticsearch.</summary>
    public (StoredDocument Tombstone, bool Found) Delete(string id)
    {
        bool found = _documents.Remove(id, out var previous);
        return (new StoredDocument(ReadOnlyMemory<byte>.Empty, found ? previous!.Version + 1 : 1, _nextSeqNo++), found);
    }

    public Dictionary<string, JsonObject> Sources() =>
        _documents.ToDictionary(d => d.Key, d => JsonNode.Parse(d.Value.Source.Span)!.AsObject(), StringComparer.Ordinal);
}

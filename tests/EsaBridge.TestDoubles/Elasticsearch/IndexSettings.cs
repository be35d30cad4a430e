using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Index settings the way Elasticsearch holds them: flat keys with the <c>index.</c> prefix and string values
/// (<c>{"number_of_shards":1}</c> and <c>{"index":{"number_of_shards":"1"}}</c> are the same setting), rendered nested.
/// </summary>
internal sealed class IndexSettings
{
    private readonly SortedDictionary<string, JsonNode> _flat;

    private IndexSettings(SortedDictionary<string, JsonNode> flat) => _flat = flat;

    public static IndexSettings Empty => new(new SortedDictionary<string, JsonNode>(StringComparer.Ordinal));

    public static IndexSettings From(JsonNode? settings)
    {
        var flat = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        Flatten(settings, string.Empty, flat);
        return new IndexSettings(flat);
    }

    public string? this[string key] => _flat.TryGetValue(key, out var value) && value is JsonValue v ? v.ToString() : null;

    public bool IsTrue(string key) => string.Equals(this[key], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>These settings overridden by <paramref name="later"/> key by key.</summary>
    public IndexSettings With(IndexSettings later)
    {
        var merged = new SortedDictionary<string, JsonNode>(_flat, StringComparer.Ordinal);
        foreach (var (key, value) in later._flat)
        {
            merged[key] = value;
        }

        return new IndexSettings(merged);
    }

    /// <summary>The nested form Elasticsearch answers with: <c>{"index":{"lifecycle":{"name":"x"}}}</c>.</summary>
    public JsonObject ToNested()
    {
        var root = new JsonObject();
        foreach (var (key, value) in _flat)
        {
            string[] parts = key.Split('.');
            var node = root;
            foreach (string part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = value.DeepClone();
        }

        return root;
    }

    private static void Flatten(JsonNode? node, string prefix, SortedDictionary<string, JsonNode> flat)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Flatten(value, prefix.Length == 0 ? key : prefix + "." + key, flat);
                }

                break;
            case JsonArray array:
                flat[Key(prefix)] = new JsonArray([.. array.Select(item => (JsonNode?)JsonValue.Create(Text(item)))]);
                break;
            case JsonValue value:
                flat[Key(prefix)] = JsonValue.Create(Text(value));
                break;
            default:
                break;
        }
    }

    private static string Key(string path) => path.StartsWith("index.", StringComparison.Ordinal) ? path : "index." + path;

    private static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v => v.ToJsonString().ToLower(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };
}

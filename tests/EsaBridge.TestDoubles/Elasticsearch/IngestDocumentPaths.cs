using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Dotted paths into a document's source the way Elasticsearch's IngestDocument resolves them: each part is a key of
/// a nested object (<c>source.as.asn</c> is <c>{"source":{"as":{"asn":...}}}</c>); setting creates missing objects.
/// </summary>
internal static class IngestDocumentPaths
{
    public static bool Has(JsonObject document, string path) => TryGet(document, path, out _);

    public static bool TryGet(JsonObject document, string path, out JsonNode? value)
    {
        value = null;
        string[] parts = path.Split('.');
        JsonObject node = document;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                return false;
            }

            node = child;
        }

        return node.TryGetPropertyValue(parts[^1], out value);
    }

    public static void Set(JsonObject document, string path, JsonNode? value)
    {
        var (parent, leaf) = Parent(document, path);
        parent[leaf] = value;
    }

    /// <summary>IngestDocument.appendFieldValue: a missing field becomes a list, a scalar becomes a list with it first.</summary>
    public static void Append(JsonObject document, string path, string value, bool allowDuplicates)
    {
        var (parent, leaf) = Parent(document, path);
        if (!parent.TryGetPropertyValue(leaf, out var existing))
        {
            parent[leaf] = new JsonArray(value);
            return;
        }

        if (existing is not JsonArray list)
        {
            list = new JsonArray(existing?.DeepClone());
            parent[leaf] = list;
        }

        if (allowDuplicates || !list.Any(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == value))
        {
            list.Add(value);
        }
    }

    public static void Remove(JsonObject document, string path)
    {
        string[] parts = path.Split('.');
        JsonObject node = document;
        foreach (string part in parts[..^1])
        {
            node = node[part] as JsonObject ?? throw NotPresent(part, path);
        }

        if (!node.Remove(parts[^1]))
        {
            throw NotPresent(parts[^1], path);
        }
    }

    private static (JsonObject Parent, string Leaf) Parent(JsonObject document, string path)
    {
        string[] parts = path.Split('.');
        JsonObject node = document;
        foreach (string part in parts[..^1])
        {
            if (!node.TryGetPropertyValue(part, out var child) || child is null)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child as JsonObject
                ?? throw IngestFailure.IllegalArgument($"cannot set [{parts[^1]}] with parent object of type [{JavaType(child)}] as part of path [{path}]");
        }

        return (node, parts[^1]);
    }

    private static IngestFailure NotPresent(string part, string path) => IngestFailure.IllegalArgument($"field [{part}] not present as part of path [{path}]");

    private static string JavaType(JsonNode node) => node switch
    {
        JsonArray => "java.util.ArrayList",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "java.lang.String",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "java.lang.Boolean",
        _ => "java.lang.Integer",
    };
}

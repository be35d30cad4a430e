using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>
/// The per-object rules of <c>POST /api/saved_objects/_import</c>: unsupported types, references that resolve neither in the
/// file nor among existing objects (missing_references), existing objects without overwrite (conflict). Objects without an
/// error are imported even when others fail; the answer is HTTP 200 with <c>success</c> telling whether all were.
/// </summary>
internal sealed class SavedObjectImporter(SavedObjectStore store)
{
    private static readonly Dictionary<string, string?> Icons = new(StringComparer.Ordinal)
    {
        ["index-pattern"] = "indexPatternApp",
        ["dashboard"] = "dashboardApp",
        ["visualization"] = "visualizeApp",
        ["lens"] = "lensApp",
        ["search"] = "discoverApp",
        ["map"] = "gisApp",
        ["tag"] = "tag",
        ["query"] = "search",
        ["config"] = "advancedSettingsApp",
        ["config-global"] = "advancedSettingsApp",
        ["canvas-workpad"] = "canvasApp",
        ["canvas-element"] = "canvasApp",
        ["graph-workspace"] = "graphApp",
        ["links"] = "link",
        ["url"] = "link",
        ["event-annotation-group"] = "annotation",
        ["osquery-saved-query"] = null,
        ["osquery-pack"] = null,
    };

    public JsonObject Import(string space, IReadOnlyList<JsonObject> objects, bool overwrite)
    {
        var inFile = objects.Select(SavedObjectFile.Key).ToHashSet(StringComparer.Ordinal);
        var successes = new JsonArray();
        var errors = new JsonArray();
        lock (store.Gate)
        {
            foreach (var obj in objects)
            {
                string key = SavedObjectFile.Key(obj);
                var error = Error(space, obj, key, inFile, overwrite);
                if (error is not null)
                {
                    errors.Add(Describe(obj, error));
                    continue;
                }

                bool existed = store.Contains(space, key);
                store.Put(space, key, obj);
                var success = new JsonObject { ["type"] = Type(obj), ["id"] = obj["id"]!.ToString(), ["meta"] = Meta(obj), ["managed"] = obj["managed"]?.GetValue<bool>() ?? false };
                if (existed)
                {
                    success["overwrite"] = true;
                }

                successes.Add(success);
            }
        }

        var answer = new JsonObject { ["successCount"] = successes.Count, ["success"] = errors.Count == 0, ["warnings"] = new JsonArray() };
        if (successes.Count > 0)
        {
            answer["successResults"] = successes;
        }

        if (errors.Count > 0)
        {
            answer["errors"] = errors;
        }

        return answer;
    }

    private static string Type(JsonObject obj) => obj["type"]!.ToString();

    private static string Title(JsonObject obj) => obj["attributes"]?["title"]?.ToString() ?? obj["attributes"]?["name"]?.ToString() ?? string.Empty;

    private static JsonObject Meta(JsonObject obj)
    {
        var meta = new JsonObject { ["title"] = Title(obj) };
        if (Icons.GetValueOrDefault(Type(obj)) is { } icon)
        {
            meta["icon"] = icon;
        }

        return meta;
    }

    private static JsonObject Describe(JsonObject obj, JsonObject error) => new()
    {
        ["id"] = obj["id"]!.ToString(),
        ["type"] = Type(obj),
        ["title"] = Title(obj),
        ["meta"] = Meta(obj),
        ["error"] = error,
    };

    private JsonObject? Error(string space, JsonObject obj, string key, HashSet<string> inFile, bool overwrite)
    {
        if (!Icons.ContainsKey(Type(obj)))
        {
            return new JsonObject { ["type"] = "unsupported_type" };
        }

        var missing = (obj["references"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(r => (Type: r["type"]?.ToString() ?? string.Empty, Id: r["id"]?.ToString() ?? string.Empty))
            .Where(r => !inFile.Contains(SavedObjectStore.Key(r.Type, r.Id)) && !store.Contains(space, SavedObjectStore.Key(r.Type, r.Id)))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            var references = new JsonArray([.. missing.Select(r => (JsonNode)new JsonObject { ["type"] = r.Type, ["id"] = r.Id })]);
            return new JsonObject { ["type"] = "missing_references", ["references"] = references };
        }

        return !overwrite && store.Contains(space, key) ? new JsonObject { ["type"] = "conflict" } : null;
    }
}

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>
/// The per-object rules of <c>POST /api/saved_objects/_import</c>: unsupported types, references that resolve neither in the
/// file nor among existing objects (missing_references), existing objects without overwrite (conflict). Objects without an
/// error are imported even when others fail; the answer is HTTP 200 with <c>success</c> telling whether all were.
/// Objects of the "multiple-isolated" types (data views, dashboards, visualizations: Kibana 8.0 on) get a destination id as
/// Kibana's check_conflicts and check_origin_conflicts give it: an object of this space whose <c>originId</c> is the imported
/// id is the one overwritten; an id that exists only in another space is an unresolvable conflict, imported under a new
/// id ("when an object with a multi-namespace type is exported from one namespace and imported to another ... a new object
/// is created"). The answer's success results then carry <c>destinationId</c>, and the references of the imported objects
/// follow the new ids.
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
            var destinations = objects.ToDictionary(SavedObjectFile.Key, o => Destination(space, o), StringComparer.Ordinal);
            foreach (var obj in objects)
            {
                string key = SavedObjectFile.Key(obj);
                string id = obj["id"]!.ToString();
                string destination = destinations[key];
                string destinationKey = SavedObjectStore.Key(Type(obj), destination);
                var error = Error(space, obj, destinationKey, inFile, overwrite);
                if (error is not null)
                {
                    errors.Add(Describe(obj, error));
                    continue;
                }

                bool existed = store.Contains(space, destinationKey);
                var stored = (JsonObject)obj.DeepClone();
                stored["id"] = destination;
                if (destination != id)
                {
                    stored["originId"] = stored["originId"]?.ToString() ?? id;
                }

                foreach (var reference in (stored["references"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    string referenced = SavedObjectStore.Key(reference["type"]?.ToString() ?? string.Empty, reference["id"]?.ToString() ?? string.Empty);
                    if (destinations.TryGetValue(referenced, out string? moved))
                    {
                        reference["id"] = moved;
                    }
                }

                store.Put(space, destinationKey, stored);
                var success = new JsonObject { ["type"] = Type(obj), ["id"] = id, ["meta"] = Meta(obj), ["managed"] = obj["managed"]?.GetValue<bool>() ?? false };
                if (destination != id)
                {
                    success["destinationId"] = destination;
                }

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

    private static readonly HashSet<string> MultipleIsolated = new(StringComparer.Ordinal)
    {
        "index-pattern", "dashboard", "visualization", "lens", "search", "map", "tag", "links", "event-annotation-group",
    };

    private static string Type(JsonObject obj) => obj["type"]!.ToString();

    /// <summary>The id the object is written under in this space (see the class summary).</summary>
    private string Destination(string space, JsonObject obj)
    {
        string type = Type(obj);
        string id = obj["id"]!.ToString();
        if (!MultipleIsolated.Contains(type) || store.Contains(space, SavedObjectStore.Key(type, id)))
        {
            return id;
        }

        if (store.ByOrigin(space, type, id) is { } origin)
        {
            return origin;
        }

        return store.InOtherSpace(space, SavedObjectStore.Key(type, id)) ? Guid.NewGuid().ToString() : id;
    }

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

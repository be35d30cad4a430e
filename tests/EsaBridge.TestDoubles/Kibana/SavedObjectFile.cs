using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>
/// Reads an uploaded export (NDJSON, one saved object per line; blank lines and the export summary line skipped) and
/// applies the whole-file refusals: unparseable lines, objects without id/type/attributes, duplicates, and objects from a
/// newer Kibana (a <c>coreMigrationVersion</c> or 8.x-style <c>typeMigrationVersion</c> above the running version).
/// </summary>
internal static class SavedObjectFile
{
    public static (List<JsonObject>? Objects, KibanaAnswer? Error) Parse(string text, string kibanaVersion)
    {
        var objects = new List<JsonObject>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                return (null, KibanaAnswer.Boom(400, $"Unexpected token in JSON at position {(e.BytePositionInLine ?? 0).ToString(CultureInfo.InvariantCulture)} (line {i + 1})"));
            }

            if (node is JsonObject summary && summary["exportedCount"] is not null)
            {
                continue;
            }

            if (node is not JsonObject obj)
            {
                return (null, KibanaAnswer.Boom(400, $"[line {i + 1}]: a saved object must be a JSON object"));
            }

            if (Missing(obj) is { } field)
            {
                return (null, KibanaAnswer.Boom(400, $"[line {i + 1}]: a saved object needs [id], [type] and [attributes]; [{field}] is missing"));
            }

            if (TooNew(obj, kibanaVersion) is { } version)
            {
                return (null, KibanaAnswer.Boom(400, $"Document \"{obj["id"]}\" belongs to a more recent version of Kibana [{version}] when the last known version is [{kibanaVersion}]."));
            }

            objects.Add(obj);
        }

        var duplicates = objects.GroupBy(Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            var attributes = new JsonObject { ["nonUniqueEntries"] = new JsonArray([.. duplicates.Select(d => JsonValue.Create(d))]) };
            return (null, KibanaAnswer.Boom(400, $"Non-unique import objects detected: [{string.Join(",", duplicates)}]", attributes));
        }

        return (objects, null);
    }

    public static string Key(JsonObject obj) => SavedObjectStore.Key(obj["type"]!.ToString(), obj["id"]!.ToString());

    private static string? Missing(JsonObject obj) =>
        obj["id"] is not JsonValue ? "id" : obj["type"] is not JsonValue ? "type" : obj["attributes"] is not JsonObject ? "attributes" : null;

    /// <summary>The version that is too new, if any. 10.x type versions are model versions, which the double does not judge.</summary>
    private static string? TooNew(JsonObject obj, string kibanaVersion)
    {
        var running = Version.Parse(kibanaVersion);
        foreach (string field in new[] { "coreMigrationVersion", "typeMigrationVersion" })
        {
            if (obj[field]?.ToString() is { } text && Version.TryParse(text, out var version) && version.Major < 10 && version > running)
            {
                return text;
            }
        }

        return null;
    }
}

using System.Text;
using System.Text.Json.Nodes;

namespace EsaBridge.Setup;

/// <summary>A shipped saved-objects file adjusted to the space it is imported into.</summary>
internal static class SavedObjectLines
{
    /// <summary>The file unchanged when the space has no data view of ours (<paramref name="dataViewInSpace"/> null);
    /// otherwise without the data view, so the one in the space (and its field formats) stays, and with every top-level
    /// reference to the shipped data view id pointed at the id it has in the space (Kibana resolves by-value panels
    /// through those references).</summary>
    public static string ForSpace(string ndjson, string dataViewId, string? dataViewInSpace)
    {
        if (dataViewInSpace is null)
        {
            return ndjson;
        }

        var text = new StringBuilder();
        foreach (string line in ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var obj = JsonNode.Parse(line)!.AsObject();
            if ((string?)obj["type"] == "index-pattern" && (string?)obj["id"] == dataViewId)
            {
                continue;
            }

            foreach (var reference in (obj["references"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((string?)reference["type"] == "index-pattern" && (string?)reference["id"] == dataViewId)
                {
                    reference["id"] = dataViewInSpace;
                }
            }

            text.Append(obj.ToJsonString()).Append('\n');
        }

        return text.ToString();
    }
}

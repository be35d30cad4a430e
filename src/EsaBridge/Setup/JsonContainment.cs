using System.Text.Json.Nodes;

namespace EsaBridge.Setup;

/// <summary>Whether what we would install is already there: every property of ours is present with an equal value in what the
/// server returns (servers add defaults and bookkeeping of their own, so equality would always say "changed").</summary>
internal static class JsonContainment
{
    public static bool Contains(JsonNode? stored, JsonNode? ours) => (stored, ours) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject s, JsonObject o) => o.All(p => s.TryGetPropertyValue(p.Key, out var value) && Contains(value, p.Value)),
        (JsonArray s, JsonArray o) => s.Count == o.Count && o.Select((item, i) => Contains(s[i], item)).All(x => x),
        (JsonValue s, JsonValue o) => JsonNode.DeepEquals(s, o) || s.ToJsonString() == o.ToJsonString(),
        _ => false,
    };
}

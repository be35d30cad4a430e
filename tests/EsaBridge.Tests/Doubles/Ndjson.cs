using System.Text.Json.Nodes;

namespace EsaBridge.Tests.Doubles;

/// <summary>Small builders of bulk bodies and session-like documents.</summary>
internal static class Ndjson
{
    public const string Stream = "logs-cisco_esa.session-default";

    public const string Template = """
        {"index_patterns":["logs-cisco_esa.session-*"],"data_stream":{},"priority":500,
         "template":{"mappings":{"properties":{"source":{"properties":{"ip":{"type":"ip"}}},"event":{"properties":{"duration":{"type":"long"}}}}}}}
        """;

    public static JsonObject Doc(string id) => new()
    {
        ["@timestamp"] = "2026-11-28T10:00:00Z",
        ["event"] = new JsonObject { ["id"] = id, ["duration"] = 36_000_000_000L },
        ["source"] = new JsonObject { ["ip"] = "192.168.0.200" },
    };

    public static string Bulk(string op, params (string Id, JsonObject Doc)[] docs) =>
        string.Concat(docs.Select(d => $"{{\"{op}\":{{\"_id\":\"{d.Id}\"}}}}\n{d.Doc.ToJsonString()}\n"));
}

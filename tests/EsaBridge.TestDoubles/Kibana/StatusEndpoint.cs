using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary><c>GET /api/status</c>: name, version and an overall level of available.</summary>
internal static class StatusEndpoint
{
    public static KibanaAnswer Answer(string version) => KibanaAnswer.Ok(new JsonObject
    {
        ["name"] = "kibana",
        ["uuid"] = "5b2de169-2785-441b-ae8c-186a1936b17d",
        ["version"] = new JsonObject
        {
            ["number"] = version,
            ["build_hash"] = "f3c1ad8b0d5b0a5e0c4b1fd8f3e2e5c8f6b8a7d1",
            ["build_number"] = 68312,
            ["build_snapshot"] = false,
            ["build_flavor"] = "traditional",
            ["build_date"] = "2023-11-04T10:04:57.000Z",
        },
        ["status"] = new JsonObject
        {
            ["overall"] = new JsonObject { ["level"] = "available", ["summary"] = "All services and plugins are available" },
            ["core"] = new JsonObject
            {
                ["elasticsearch"] = new JsonObject { ["level"] = "available", ["summary"] = "Elasticsearch is available", ["meta"] = new JsonObject() },
                ["savedObjects"] = new JsonObject { ["level"] = "available", ["summary"] = "SavedObjects service has completed migrations and is available", ["meta"] = new JsonObject() },
            },
            ["plugins"] = new JsonObject(),
        },
    });
}

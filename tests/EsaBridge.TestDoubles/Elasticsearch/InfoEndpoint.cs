using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>GET /</c> (cluster and version information) and <c>HEAD /</c> (the ping).</summary>
internal static class InfoEndpoint
{
    public static void Register(EsRouter router)
    {
        router.Add("/", ["GET"], _ => EsAnswer.Ok(Info()));
        router.Add("/", ["HEAD"], _ => EsAnswer.Empty(200));
    }

    private static JsonObject Info() => new()
    {
        ["name"] = "es-double-1",
        ["cluster_name"] = "esabridge-test",
        ["cluster_uuid"] = "b3YKDZ2kQ0WqC5nMv7gHxA",
        ["version"] = new JsonObject
        {
            ["number"] = "9.1.0",
            ["build_flavor"] = "default",
            ["build_type"] = "docker",
            ["build_hash"] = "1c2f1ec4a5bd8f9e5d4b3a3e5c8a1b4f9d0e7c6a",
            ["build_date"] = "2025-07-24T14:14:10.296Z",
            ["build_snapshot"] = false,
            ["lucene_version"] = "10.2.2",
            ["minimum_wire_compatibility_version"] = "8.19.0",
            ["minimum_index_compatibility_version"] = "8.0.0",
        },
        ["tagline"] = "You Know, for Search",
    };
}

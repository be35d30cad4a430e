using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// What a fresh Elasticsearch 9 cluster already has that matters for <c>logs-*-*</c> names: the built-in <c>logs</c> index
/// template (priority 100, data stream, auto-create allowed), its component templates, its lifecycle policy and its
/// default pipeline (which fills in a missing <c>@timestamp</c>). Abridged: the real ecs@mappings has many dynamic
/// templates, which the double would not apply anyway.
/// </summary>
internal static class BuiltIns
{
    private static readonly JsonObject Managed = new() { ["managed"] = true, ["description"] = "installed by x-pack" };

    public const string IndexTemplate = "index_template";
    public const string ComponentTemplate = "component_template";
    public const string Policy = "ilm_policy";
    public const string Pipeline = "pipeline";

    public static void InstallInto(ClusterState cluster, DateTimeOffset now)
    {
        cluster.BuiltIn.UnionWith([
            $"{ComponentTemplate}/logs@mappings", $"{ComponentTemplate}/logs@settings", $"{ComponentTemplate}/ecs@mappings",
            $"{Policy}/logs", $"{Pipeline}/logs@default-pipeline", $"{IndexTemplate}/logs",
        ]);
        Put(cluster.ComponentTemplates, "logs@mappings", """
            {"template":{"mappings":{"date_detection":false,"properties":{"@timestamp":{"type":"date"},
            "data_stream":{"properties":{"type":{"type":"constant_keyword","value":"logs"},"dataset":{"type":"constant_keyword"},
            "namespace":{"type":"constant_keyword"}}}}}},"version":15}
            """);
        Put(cluster.ComponentTemplates, "logs@settings", """
            {"template":{"settings":{"index":{"lifecycle":{"name":"logs"},"codec":"best_compression",
            "mapping":{"ignore_malformed":true,"total_fields":{"ignore_dynamic_beyond_limit":true}},
            "default_pipeline":"logs@default-pipeline"}}},"version":15}
            """);
        Put(cluster.ComponentTemplates, "ecs@mappings", """
            {"template":{"mappings":{"dynamic_templates":[{"ecs_timestamp":{"match":"@timestamp","mapping":{"type":"date","ignore_malformed":false}}}]}},"version":15}
            """);
        Expect(cluster.Lifecycle.Put("logs", Parse("""
            {"policy":{"phases":{"hot":{"min_age":"0ms","actions":{"rollover":{"max_primary_shard_size":"50gb","max_age":"30d"}}}}}}
            """), now));
        Expect(cluster.Pipelines.Put("logs@default-pipeline", Parse("""
            {"processors":[{"set":{"description":"If '@timestamp' is missing, set it with the ingest timestamp","field":"@timestamp",
            "override":false,"copy_from":"_ingest.timestamp"}},{"pipeline":{"name":"logs@custom","ignore_missing_pipeline":true}}],"version":15}
            """)));
        Expect(cluster.IndexTemplates.Put("logs", Parse("""
            {"index_patterns":["logs-*-*"],"composed_of":["logs@mappings","logs@settings","logs@custom","ecs@mappings"],
            "ignore_missing_component_templates":["logs@custom"],"priority":100,"data_stream":{},"allow_auto_create":true,"version":15}
            """), create: true));
    }

    private static void Put(ComponentTemplates components, string name, string json)
    {
        var body = Parse(json);
        body["_meta"] = Managed.DeepClone();
        Expect(components.Put(name, body, create: true));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static void Expect(EsAnswer? refusal)
    {
        if (refusal is not null)
        {
            throw new InvalidOperationException("A built-in definition was refused: " + refusal.Json?.ToJsonString());
        }
    }
}

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>/_data_stream/{name}</c>: GET (names, patterns or all), PUT (explicit creation) and DELETE.</summary>
internal static class DataStreamEndpoints
{
    public static void Register(EsRouter router, ClusterState cluster)
    {
        string[] getParameters = ["expand_wildcards", "include_defaults", "master_timeout", "verbose"];
        router.Add("/_data_stream", ["GET"], _ => Get(null, cluster), getParameters);
        router.Add("/_data_stream/{name}", ["GET"], r => Get(r.Parameters[0], cluster), getParameters);
        router.Add("/_data_stream/{name}", ["PUT"], r => Put(r.Parameters[0], cluster), "master_timeout", "timeout");
        router.Add("/_data_stream/{name}", ["DELETE"], r => Delete(r.Parameters[0], cluster), "master_timeout", "expand_wildcards");
    }

    private static EsAnswer Get(string? names, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            var streams = cluster.Targets.All.Where(t => t.IsDataStream).ToDictionary(t => t.Name);
            var selected = Glob.Select(names, streams.Keys).ToList();
            if (names is not null && !Glob.IsPattern(names) && selected.Count == 0)
            {
                return EsErrors.IndexNotFound(names);
            }

            var list = selected.Select(n => (JsonNode)Rendered(streams[n]));
            return EsAnswer.Ok(new JsonObject { ["data_streams"] = new JsonArray([.. list]) });
        }
    }

    private static EsAnswer Put(string name, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            return cluster.Targets.CreateDataStream(name, cluster.IndexTemplates, DateTimeOffset.UtcNow) ?? EsAnswer.Acknowledged();
        }
    }

    private static EsAnswer Delete(string name, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            return cluster.Targets[name] is { IsDataStream: true } && cluster.Targets.Remove(name)
                ? EsAnswer.Acknowledged()
                : EsErrors.IndexNotFound(name);
        }
    }

    private static JsonObject Rendered(WriteTarget stream)
    {
        string? policy = stream.Settings["index.lifecycle.name"];
        string managedBy = policy is null ? "Unmanaged" : "Index Lifecycle Management";
        var index = new JsonObject
        {
            ["index_name"] = stream.WriteIndex,
            ["index_uuid"] = stream.Uuid,
            ["prefer_ilm"] = true,
            ["ilm_policy"] = policy,
            ["managed_by"] = managedBy,
        };
        var rendered = new JsonObject
        {
            ["name"] = stream.Name,
            ["timestamp_field"] = new JsonObject { ["name"] = "@timestamp" },
            ["indices"] = new JsonArray(index),
            ["generation"] = 1,
            ["status"] = "GREEN",
            ["template"] = stream.Template,
            ["ilm_policy"] = policy,
            ["next_generation_managed_by"] = managedBy,
            ["prefer_ilm"] = true,
            ["hidden"] = false,
            ["system"] = false,
            ["allow_custom_routing"] = false,
            ["replicated"] = false,
            ["rollover_on_write"] = false,
        };
        if (policy is null)
        {
            index.Remove("ilm_policy");
            rendered.Remove("ilm_policy");
        }

        return rendered;
    }
}

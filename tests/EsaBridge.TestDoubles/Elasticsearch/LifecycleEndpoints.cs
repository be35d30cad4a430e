using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>/_ilm/policy/{name}</c>: PUT, GET (one, a comma list, or all) and DELETE.</summary>
internal static class LifecycleEndpoints
{
    public static void Register(EsRouter router, ClusterState cluster)
    {
        router.Add("/_ilm/policy/{name}", ["PUT"], r => Put(r, cluster), "master_timeout", "timeout");
        router.Add("/_ilm/policy", ["GET"], _ => Get(null, cluster), "master_timeout", "timeout");
        router.Add("/_ilm/policy/{name}", ["GET"], r => Get(r.Parameters[0], cluster), "master_timeout", "timeout");
        router.Add("/_ilm/policy/{name}", ["DELETE"], r => Delete(r.Parameters[0], cluster), "master_timeout", "timeout");
    }

    private static EsAnswer Put(EsRequest request, ClusterState cluster)
    {
        var (body, error) = request.JsonObjectBody();
        if (body is null)
        {
            return error!;
        }

        lock (cluster.Gate)
        {
            if (cluster.Lifecycle.Put(request.Parameters[0], body, DateTimeOffset.UtcNow) is { } refusal)
            {
                return refusal;
            }

            cluster.ClientChanged(BuiltIns.Policy, request.Parameters[0]);
            return EsAnswer.Acknowledged();
        }
    }

    private static EsAnswer Get(string? names, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            var wanted = names?.Split(',') ?? [.. cluster.Lifecycle.Names];
            if (wanted.FirstOrDefault(n => !cluster.Lifecycle.Contains(n)) is { } missing)
            {
                return EsErrors.ResourceNotFound($"Lifecycle policy not found: [{missing}]");
            }

            var answer = new JsonObject();
            foreach (string name in wanted)
            {
                answer[name] = cluster.Lifecycle.Rendered(name, InUseBy(name, cluster));
            }

            return EsAnswer.Ok(answer);
        }
    }

    private static EsAnswer Delete(string name, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            if (!cluster.Lifecycle.Contains(name))
            {
                return EsErrors.ResourceNotFound($"Lifecycle policy not found: {name}");
            }

            var indices = Streams(name, cluster).Select(t => t.WriteIndex).ToList();
            if (indices.Count > 0)
            {
                return EsErrors.IllegalArgument($"Cannot delete policy [{name}]. It is in use by one or more indices: [{string.Join(", ", indices)}]");
            }

            cluster.Lifecycle.Remove(name);
            cluster.ClientChanged(BuiltIns.Policy, name);
            return EsAnswer.Acknowledged();
        }
    }

    private static IEnumerable<WriteTarget> Streams(string policy, ClusterState cluster) =>
        cluster.Targets.All.Where(t => t.Settings["index.lifecycle.name"] == policy);

    private static JsonObject InUseBy(string policy, ClusterState cluster)
    {
        var templates = cluster.IndexTemplates.Bodies
            .Where(t => cluster.IndexTemplates.ComposedSettings(t.Value)["index.lifecycle.name"] == policy)
            .Select(t => JsonValue.Create(t.Key));
        var streams = Streams(policy, cluster).ToList();
        return new JsonObject
        {
            ["indices"] = new JsonArray([.. streams.Select(t => JsonValue.Create(t.WriteIndex))]),
            ["data_streams"] = new JsonArray([.. streams.Where(t => t.IsDataStream).Select(t => JsonValue.Create(t.Name))]),
            ["composable_templates"] = new JsonArray([.. templates]),
        };
    }
}

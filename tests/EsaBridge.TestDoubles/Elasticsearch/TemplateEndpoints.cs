using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>/_index_template/{name}</c> and <c>/_component_template/{name}</c>: PUT/POST, GET, HEAD and DELETE.</summary>
internal static class TemplateEndpoints
{
    private static readonly string[] PutParameters = ["create", "master_timeout", "cause"];
    private static readonly string[] GetParameters = ["local", "flat_settings", "master_timeout", "include_defaults"];

    public static void Register(EsRouter router, ClusterState cluster)
    {
        router.Add("/_index_template/{name}", ["PUT", "POST"], r => PutIndexTemplate(r, cluster), PutParameters);
        router.Add("/_index_template", ["GET"], r => GetIndexTemplates(null, cluster), GetParameters);
        router.Add("/_index_template/{name}", ["GET"], r => GetIndexTemplates(r.Parameters[0], cluster), GetParameters);
        router.Add("/_index_template/{name}", ["HEAD"], r => Exists(cluster, () => cluster.IndexTemplates[r.Parameters[0]] is not null), GetParameters);
        router.Add("/_index_template/{name}", ["DELETE"], r => DeleteIndexTemplate(r.Parameters[0], cluster), "master_timeout");

        router.Add("/_component_template/{name}", ["PUT", "POST"], r => PutComponentTemplate(r, cluster), PutParameters);
        router.Add("/_component_template", ["GET"], r => GetComponentTemplates(null, cluster), GetParameters);
        router.Add("/_component_template/{name}", ["GET"], r => GetComponentTemplates(r.Parameters[0], cluster), GetParameters);
        router.Add("/_component_template/{name}", ["HEAD"], r => Exists(cluster, () => cluster.ComponentTemplates.Contains(r.Parameters[0])), GetParameters);
        router.Add("/_component_template/{name}", ["DELETE"], r => DeleteComponentTemplate(r.Parameters[0], cluster), "master_timeout");
    }

    private static EsAnswer Changed(ClusterState cluster, string kind, string name)
    {
        cluster.ClientChanged(kind, name);
        return EsAnswer.Acknowledged();
    }

    private static EsAnswer Exists(ClusterState cluster, Func<bool> exists)
    {
        lock (cluster.Gate)
        {
            return EsAnswer.Empty(exists() ? 200 : 404);
        }
    }

    private static EsAnswer PutIndexTemplate(EsRequest request, ClusterState cluster)
    {
        var (body, error) = request.JsonObjectBody();
        if (body is null)
        {
            return error!;
        }

        lock (cluster.Gate)
        {
            return cluster.IndexTemplates.Put(request.Parameters[0], body, request.Flag("create"))
                ?? Changed(cluster, BuiltIns.IndexTemplate, request.Parameters[0]);
        }
    }

    private static EsAnswer GetIndexTemplates(string? names, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            var bodies = cluster.IndexTemplates.Bodies;
            var selected = Glob.Select(names, bodies.Keys).ToList();
            if (selected.Count == 0 && !Glob.IsPattern(names))
            {
                return EsErrors.ResourceNotFound($"index template matching [{names}] not found");
            }

            var list = selected.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["index_template"] = IndexTemplates.Rendered(bodies[n]) });
            return EsAnswer.Ok(new JsonObject { ["index_templates"] = new JsonArray([.. list]) });
        }
    }

    private static EsAnswer DeleteIndexTemplate(string name, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            if (cluster.IndexTemplates[name] is null)
            {
                return EsErrors.ResourceNotFound($"index_template matching [{name}] not found");
            }

            var streams = cluster.Targets.All.Where(t => t.IsDataStream && t.Template == name).Select(t => t.Name).ToList();
            if (streams.Count > 0)
            {
                return EsErrors.IllegalArgument($"unable to remove composable templates [{name}] as they are in use by a data streams [{string.Join(", ", streams)}]");
            }

            cluster.IndexTemplates.Remove(name);
            return Changed(cluster, BuiltIns.IndexTemplate, name);
        }
    }

    private static EsAnswer PutComponentTemplate(EsRequest request, ClusterState cluster)
    {
        var (body, error) = request.JsonObjectBody();
        if (body is null)
        {
            return error!;
        }

        lock (cluster.Gate)
        {
            return cluster.ComponentTemplates.Put(request.Parameters[0], body, request.Flag("create"))
                ?? Changed(cluster, BuiltIns.ComponentTemplate, request.Parameters[0]);
        }
    }

    private static EsAnswer GetComponentTemplates(string? names, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            var bodies = cluster.ComponentTemplates.Bodies;
            var selected = Glob.Select(names, bodies.Keys).ToList();
            if (selected.Count == 0 && !Glob.IsPattern(names))
            {
                return EsErrors.ResourceNotFound($"component template matching [{names}] not found");
            }

            var list = selected.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["component_template"] = ComponentTemplates.Rendered(bodies[n]) });
            return EsAnswer.Ok(new JsonObject { ["component_templates"] = new JsonArray([.. list]) });
        }
    }

    private static EsAnswer DeleteComponentTemplate(string name, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            if (!cluster.ComponentTemplates.Contains(name))
            {
                return EsErrors.ResourceNotFound($"component template matching [{name}] not found");
            }

            var users = cluster.IndexTemplates.Using(name).ToList();
            if (users.Count > 0)
            {
                return EsErrors.IllegalArgument($"component templates [{name}] cannot be removed as they are still in use by index templates [{string.Join(", ", users)}]");
            }

            cluster.ComponentTemplates.Remove(name);
            return Changed(cluster, BuiltIns.ComponentTemplate, name);
        }
    }
}

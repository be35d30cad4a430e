using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>/_ingest/pipeline/{id}</c>: PUT, GET (ids, patterns or all; a miss is 404 with <c>{}</c>) and DELETE.</summary>
internal static class PipelineEndpoints
{
    public static void Register(EsRouter router, ClusterState cluster)
    {
        router.Add("/_ingest/pipeline/{id}", ["PUT"], r => Put(r, cluster), "master_timeout", "timeout", "if_version");
        router.Add("/_ingest/pipeline", ["GET"], _ => Get(null, cluster), "master_timeout", "summary");
        router.Add("/_ingest/pipeline/{id}", ["GET"], r => Get(r.Parameters[0], cluster), "master_timeout", "summary");
        router.Add("/_ingest/pipeline/{id}", ["DELETE"], r => Delete(r.Parameters[0], cluster), "master_timeout", "timeout");
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
            if (cluster.Pipelines.Put(request.Parameters[0], body) is { } refusal)
            {
                return refusal;
            }

            cluster.ClientChanged(BuiltIns.Pipeline, request.Parameters[0]);
            return EsAnswer.Acknowledged();
        }
    }

    private static EsAnswer Get(string? ids, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            var bodies = cluster.Pipelines.Bodies;
            var answer = new JsonObject();
            foreach (string id in Glob.Select(ids, bodies.Keys))
            {
                answer[id] = bodies[id].DeepClone();
            }

            return answer.Count == 0 && ids is not null ? new EsAnswer(404, answer) : EsAnswer.Ok(answer);
        }
    }

    private static EsAnswer Delete(string id, ClusterState cluster)
    {
        lock (cluster.Gate)
        {
            if (!cluster.Pipelines.Remove(id))
            {
                return EsErrors.ResourceNotFound($"pipeline [{id}] is missing");
            }

            cluster.ClientChanged(BuiltIns.Pipeline, id);
            return EsAnswer.Acknowledged();
        }
    }
}

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Index-level reads on data streams and indices (names, comma lists or patterns): <c>HEAD|GET /{index}</c>,
/// <c>/{index}/_count</c> and <c>/{index}/_refresh</c> (also <c>/_refresh</c>).
/// </summary>
internal static class IndexEndpoints
{
    private static readonly string[] ReadParameters = ["expand_wildcards", "ignore_unavailable", "allow_no_indices", "master_timeout"];

    public static void Register(EsRouter router, ClusterState cluster)
    {
        router.Add("/{index}", ["HEAD"], r => Resolve(r.Parameters[0], cluster, found => EsAnswer.Empty(found.Count > 0 ? 200 : 404), quiet: true), ReadParameters);
        router.Add("/{index}", ["GET"], r => Resolve(r.Parameters[0], cluster, Describe), [.. ReadParameters, "flat_settings", "include_defaults", "features", "local"]);
        router.Add("/{index}/_count", ["GET", "POST"], r => Resolve(r.Parameters[0], cluster, Count), [.. ReadParameters, "q", "ignore_throttled"]);
        router.Add("/{index}/_refresh", ["GET", "POST"], r => Resolve(r.Parameters[0], cluster, Refreshed), ReadParameters);
        router.Add("/_refresh", ["GET", "POST"], _ => Resolve("*", cluster, Refreshed), ReadParameters);
    }

    private static EsAnswer Resolve(string expression, ClusterState cluster, Func<List<WriteTarget>, EsAnswer> answer, bool quiet = false)
    {
        lock (cluster.Gate)
        {
            var targets = cluster.Targets.All.ToList();
            var found = new List<WriteTarget>();
            foreach (string name in expression.Split(','))
            {
                var matches = targets.Where(t => Glob.Matches(name, t.Name) || Glob.Matches(name, t.WriteIndex)).ToList();
                if (matches.Count == 0 && !Glob.IsPattern(name) && !quiet)
                {
                    return EsErrors.IndexNotFound(name);
                }

                found.AddRange(matches.Except(found));
            }

            return answer(found);
        }
    }

    private static EsAnswer Describe(List<WriteTarget> targets)
    {
        var answer = new JsonObject();
        foreach (var target in targets)
        {
            var settings = target.Settings.ToNested();
            var index = settings["index"] as JsonObject ?? [];
            settings["index"] = index;
            index["provided_name"] = target.WriteIndex;
            index["uuid"] = target.Uuid;
            answer[target.WriteIndex] = new JsonObject
            {
                ["aliases"] = new JsonObject(),
                ["mappings"] = new JsonObject(),
                ["settings"] = settings,
                ["data_stream"] = target.IsDataStream ? target.Name : null,
            };
            if (!target.IsDataStream)
            {
                ((JsonObject)answer[target.WriteIndex]!).Remove("data_stream");
            }
        }

        return EsAnswer.Ok(answer);
    }

    private static EsAnswer Count(List<WriteTarget> targets) => EsAnswer.Ok(new JsonObject
    {
        ["count"] = targets.Sum(t => t.Count),
        ["_shards"] = new JsonObject { ["total"] = targets.Count, ["successful"] = targets.Count, ["skipped"] = 0, ["failed"] = 0 },
    });

    private static EsAnswer Refreshed(List<WriteTarget> targets) => EsAnswer.Ok(new JsonObject
    {
        ["_shards"] = new JsonObject { ["total"] = targets.Count * 2, ["successful"] = targets.Count, ["failed"] = 0 },
    });
}

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The <c>filter_path</c> request parameter: comma-separated dotted paths where <c>*</c> matches one key (or part of
/// one), <c>**</c> any depth, arrays are transparent, and a leading <c>-</c> excludes instead of includes.
/// </summary>
internal static class FilterPath
{
    public static JsonNode Apply(JsonNode node, string expression)
    {
        var paths = expression.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var includes = paths.Where(p => !p.StartsWith('-')).Select(p => p.Split('.')).ToList();
        var excludes = paths.Where(p => p.StartsWith('-')).Select(p => p[1..].Split('.')).ToList();
        var result = includes.Count > 0 ? Include(node, includes) ?? new JsonObject() : node.DeepClone();
        foreach (var exclude in excludes)
        {
            Exclude(result, exclude);
        }

        return result;
    }

    private static JsonNode? Include(JsonNode? node, List<string[]> paths)
    {
        if (paths.Any(p => p.Length == 0))
        {
            return node?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                var kept = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var next = paths.SelectMany(p => Advance(p, key)).ToList();
                    if (next.Count > 0 && Include(value, next) is { } filtered)
                    {
                        kept[key] = filtered;
                    }
                }

                return kept.Count > 0 ? kept : null;
            case JsonArray array:
                var items = array.Select(item => Include(item, paths)).Where(item => item is not null).ToList();
                return items.Count > 0 ? new JsonArray([.. items]) : null;
            default:
                return null;
        }
    }

    private static IEnumerable<string[]> Advance(string[] path, string key)
    {
        if (path[0] == "**")
        {
            yield return path;
            foreach (var rest in path.Length == 1 ? [[]] : Advance(path[1..], key))
            {
                yield return rest;
            }
        }
        else if (Glob.Matches(path[0], key))
        {
            yield return path[1..];
        }
    }

    private static void Exclude(JsonNode? node, string[] path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).Where(k => Glob.Matches(path[0], k)).ToList())
                {
                    if (path.Length == 1)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Exclude(obj[key], path[1..]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Exclude(item, path);
                }

                break;
            default:
                break;
        }
    }
}

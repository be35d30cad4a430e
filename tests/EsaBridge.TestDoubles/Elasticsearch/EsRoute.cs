namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// One REST handler: a path pattern (<c>/_index_template/{name}</c>), the methods it serves, the request parameters it
/// accepts besides the common ones, and the handler.
/// </summary>
internal sealed record EsRoute(string Pattern, string[] Methods, string[] Parameters, Func<EsRequest, EsAnswer> Handle)
{
    public string[] Segments { get; } = Pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public int Placeholders => Segments.Count(s => s.StartsWith('{'));

    /// <summary>The placeholder values when the path fits the pattern, else null.</summary>
    public List<string>? Bind(IReadOnlyList<string> path)
    {
        if (path.Count != Segments.Length)
        {
            return null;
        }

        var values = new List<string>();
        for (int i = 0; i < path.Count; i++)
        {
            if (Segments[i].StartsWith('{'))
            {
                values.Add(path[i]);
            }
            else if (!string.Equals(Segments[i], path[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}

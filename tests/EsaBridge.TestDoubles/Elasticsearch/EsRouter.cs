using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Elasticsearch's RestController in miniature: literal routes before placeholders, 405 with the allowed methods when the
/// path is known but the method is not, 400 "no handler found" for an unknown path, and unrecognized request parameters refused.
/// </summary>
internal sealed class EsRouter
{
    private static readonly string[] CommonParameters = ["pretty", "human", "error_trace", "filter_path", "format"];

    private readonly List<EsRoute> _routes = [];

    public void Add(string pattern, string[] methods, Func<EsRequest, EsAnswer> handle, params string[] parameters) =>
        _routes.Add(new EsRoute(pattern, methods, parameters, handle));

    public EsAnswer Dispatch(HttpRequest http, RequestBody body)
    {
        string path = http.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var candidates = _routes
            .Select(route => (Route: route, Values: route.Bind(segments)))
            .Where(c => c.Values is not null)
            .OrderBy(c => c.Route.Placeholders)
            .ToList();
        if (candidates.Count == 0)
        {
            return EsErrors.Plain(400, $"no handler found for uri [{path}] and method [{http.Method}]", withStatus: false);
        }

        string method = http.Method == "HEAD" && !candidates.Any(c => c.Route.Methods.Contains("HEAD")) ? "GET" : http.Method;
        var chosen = candidates.FirstOrDefault(c => c.Route.Methods.Contains(method, StringComparer.Ordinal));
        if (chosen.Route is null)
        {
            var allowed = candidates.SelectMany(c => c.Route.Methods).Distinct().ToList();
            return EsErrors.Plain(405, $"Incorrect HTTP method for uri [{path}] and method [{http.Method}], allowed: [{string.Join(", ", allowed)}]", withStatus: true)
                with
            { Headers = [KeyValuePair.Create("Allow", string.Join(",", allowed))] };
        }

        var unknown = http.Query.Keys.Where(k => !CommonParameters.Contains(k) && !chosen.Route.Parameters.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            string list = string.Join(", ", unknown.Select(k => $"[{k}]"));
            return EsErrors.IllegalArgument($"request [{path}] contains unrecognized parameter{(unknown.Count > 1 ? "s" : string.Empty)}: {list}");
        }

        return chosen.Route.Handle(new EsRequest(http, body, chosen.Values!));
    }
}

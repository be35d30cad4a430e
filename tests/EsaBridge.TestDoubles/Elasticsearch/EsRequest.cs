using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>A request as an endpoint sees it: the HTTP request, its decoded body and the values of the route's placeholders.</summary>
internal sealed class EsRequest(HttpRequest http, RequestBody body, IReadOnlyList<string> parameters)
{
    public HttpRequest Http { get; } = http;

    public RequestBody Body { get; } = body;

    /// <summary>The values of the route's <c>{placeholders}</c>, in order.</summary>
    public IReadOnlyList<string> Parameters { get; } = parameters;

    public string Method => Http.Method;

    /// <summary>The request target as Elasticsearch quotes it in messages (path and query).</summary>
    public string Target => RequestLog.PathAndQuery(Http);

    public string? Query(string name) => Http.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A boolean request parameter: present without a value or "true".</summary>
    public bool Flag(string name) => Query(name) is "" or "true";

    /// <summary>The body as a JSON object, or the error answer Elasticsearch gives instead.</summary>
    public (JsonObject? Body, EsAnswer? Error) JsonObjectBody()
    {
        if (Body.Length == 0)
        {
            return (null, EsErrors.Answer(400, "parse_exception", "request body is required"));
        }

        try
        {
            return JsonNode.Parse(Body.Memory.Span) is JsonObject obj
                ? (obj, null)
                : (null, EsErrors.Parse("[1:1] Unexpected token, expected START_OBJECT"));
        }
        catch (JsonException e)
        {
            return (null, EsErrors.Parse($"[{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}] {e.Message}"));
        }
    }
}

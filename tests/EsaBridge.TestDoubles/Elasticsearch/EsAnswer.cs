using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// What the double answers: a status and either a JSON body, a raw body with its own content type (a proxy's page),
/// or nothing. <see cref="FromElasticsearch"/> is false for answers a proxy in front of the cluster would give.
/// </summary>
internal sealed record EsAnswer(int Status, JsonNode? Json, string? RawBody = null, string? RawContentType = null)
{
    public bool FromElasticsearch { get; init; } = true;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A JSON body already written as UTF-8 (used for large answers).</summary>
    public byte[]? Utf8Json { get; init; }

    /// <summary>True when <see cref="Utf8Json"/> is already what the request's <c>filter_path</c> keeps.</summary>
    public bool FilterApplied { get; init; }

    public bool HasJson => Json is not null || Utf8Json is not null;

    public static EsAnswer Ok(JsonNode json) => new(200, json);

    public static EsAnswer Ok(byte[] utf8Json) => new(200, null) { Utf8Json = utf8Json };

    public static EsAnswer Acknowledged() => new(200, new JsonObject { ["acknowledged"] = true });

    /// <summary>A status with no body at all (HEAD answers, 413).</summary>
    public static EsAnswer Empty(int status) => new(status, null);

    /// <summary>No answer at all: the connection is aborted.</summary>
    public static EsAnswer Dropped { get; } = new(0, null);

    public bool IsDropped => Status == 0;

    public static EsAnswer Proxy(int status, string html) => new(status, null, html, "text/html") { FromElasticsearch = false };
}

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Elasticsearch's strict request body parsers: a field they do not know is an error.</summary>
internal static class KnownFields
{
    /// <summary>The x_content_parse_exception for the first key of <paramref name="body"/> outside <paramref name="allowed"/>, or null.</summary>
    public static EsAnswer? Refusal(JsonObject body, string parser, params string[] allowed)
    {
        string? unknown = body.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k, StringComparer.Ordinal));
        return unknown is null ? null : EsErrors.Parse($"[1:2] [{parser}] unknown field [{unknown}]");
    }
}

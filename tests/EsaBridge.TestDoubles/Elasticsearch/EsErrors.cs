using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Elasticsearch's error JSON: <c>{"error":{"root_cause":[...],"type","reason",...},"status":n}</c> and its parts.</summary>
internal static class EsErrors
{
    /// <summary>A whole-request error answer.</summary>
    public static EsAnswer Answer(int status, JsonObject cause) => new(status, Envelope(status, cause));

    public static EsAnswer Answer(int status, string type, string reason) => Answer(status, Cause(type, reason));

    /// <summary>An exception as Elasticsearch renders it: type, reason, then any metadata and caused_by.</summary>
    public static JsonObject Cause(string type, string reason, JsonObject? metadata = null, JsonObject? causedBy = null)
    {
        var cause = new JsonObject { ["type"] = type, ["reason"] = reason };
        foreach (var (key, value) in metadata ?? [])
        {
            cause[key] = value?.DeepClone();
        }

        if (causedBy is not null)
        {
            cause["caused_by"] = causedBy;
        }

        return cause;
    }

    /// <summary>The answer body; its root cause is the innermost cause, as Elasticsearch guesses it.</summary>
    public static JsonObject Envelope(int status, JsonObject cause)
    {
        var innermost = cause;
        while (innermost["caused_by"] is JsonObject inner)
        {
            innermost = inner;
        }

        var root = (JsonObject)innermost.DeepClone();
        root.Remove("caused_by");
        var error = (JsonObject)cause.DeepClone();
        error.Insert(0, "root_cause", new JsonArray(root));
        return new JsonObject { ["error"] = error, ["status"] = status };
    }

    /// <summary>The RestController's plain answers (<c>{"error":"..."}</c>), used for routing and media type problems.</summary>
    public static EsAnswer Plain(int status, string message, bool withStatus) =>
        new(status, withStatus ? new JsonObject { ["error"] = message, ["status"] = status } : new JsonObject { ["error"] = message });

    public static EsAnswer IndexNotFound(string index, string? detail = null) =>
        Answer(404, IndexNotFoundCause(index, detail));

    public static JsonObject IndexNotFoundCause(string index, string? detail = null) => Cause(
        "index_not_found_exception",
        detail is null ? $"no such index [{index}]" : $"no such index [{index}] and {detail}",
        new JsonObject { ["resource.type"] = "index_or_alias", ["resource.id"] = index, ["index_uuid"] = "_na_", ["index"] = index });

    public static EsAnswer ResourceNotFound(string reason) => Answer(404, "resource_not_found_exception", reason);

    public static EsAnswer IllegalArgument(string reason) => Answer(400, "illegal_argument_exception", reason);

    public static EsAnswer Parse(string reason) => Answer(400, "x_content_parse_exception", reason);

    public static EsAnswer Validation(IEnumerable<string> problems)
    {
        string reason = "Validation Failed: " + string.Concat(problems.Select((p, i) => $"{i + 1}: {p};"));
        return Answer(400, "action_request_validation_exception", reason);
    }
}

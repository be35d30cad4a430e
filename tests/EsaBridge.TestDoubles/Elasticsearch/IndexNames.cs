using System.Text;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Elasticsearch's rules for index and data stream names.</summary>
internal static class IndexNames
{
    private const string Forbidden = " \"*,\\<|>/?#:";

    /// <summary>The invalid_index_name_exception cause for a name Elasticsearch refuses, or null.</summary>
    public static JsonObject? Problem(string name)
    {
        string? why = name switch
        {
            "" => "must not be empty",
            "." or ".." => "must not be '.' or '..'",
            _ when name != name.ToLowerInvariant() => "must be lowercase",
            _ when name[0] is '_' or '-' or '+' => "must not start with '_', '-', or '+'",
            _ when name.IndexOfAny(Forbidden.ToCharArray()) >= 0 => "must not contain the following characters [' ','\"','*',',','/','<','>','?','\\','|',':','#']",
            _ when Encoding.UTF8.GetByteCount(name) > 255 => $"index name is too long, ({Encoding.UTF8.GetByteCount(name)} > 255)",
            _ => null,
        };
        return why is null
            ? null
            : EsErrors.Cause("invalid_index_name_exception", $"Invalid index name [{name}], {why}", new JsonObject { ["index_uuid"] = "_na_", ["index"] = name });
    }
}

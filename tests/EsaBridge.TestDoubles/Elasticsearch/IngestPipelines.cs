using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Ingest pipelines, validated like <c>PUT /_ingest/pipeline/{id}</c> (processors required, known processor types, the
/// required properties of the common ones). The double does not run processors; it only knows whether a pipeline fills
/// in a missing <c>@timestamp</c> (the built-in logs pipeline does).
/// </summary>
internal sealed class IngestPipelines
{
    private static readonly HashSet<string> Processors = new(StringComparer.Ordinal)
    {
        "append", "attachment", "bytes", "circle", "community_id", "convert", "csv", "date", "date_index_name", "dissect",
        "dot_expander", "drop", "enrich", "fail", "fingerprint", "foreach", "geo_grid", "geoip", "grok", "gsub",
        "html_strip", "inference", "ip_location", "join", "json", "kv", "lowercase", "network_direction", "pipeline",
        "redact", "registered_domain", "remove", "rename", "reroute", "script", "set", "set_security_user", "sort",
        "split", "terminate", "trim", "uppercase", "uri_parts", "urldecode", "user_agent",
    };

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["geoip"] = ["field"],
        ["ip_location"] = ["field"],
        ["set"] = ["field"],
        ["rename"] = ["field", "target_field"],
        ["convert"] = ["field", "type"],
        ["date"] = ["field", "formats"],
        ["grok"] = ["field", "patterns"],
        ["dissect"] = ["field", "pattern"],
        ["pipeline"] = ["name"],
        ["remove"] = ["field"],
        ["user_agent"] = ["field"],
    };

    private readonly SortedDictionary<string, JsonObject> _bodies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JsonObject> Bodies => _bodies;

    public bool Contains(string id) => _bodies.ContainsKey(id);

    public EsAnswer? Put(string id, JsonObject body)
    {
        if (body["processors"] is not JsonArray processors)
        {
            return Parse("[processors] required property is missing", null, "processors");
        }

        foreach (var processor in processors.Concat(body["on_failure"] as JsonArray ?? []))
        {
            if (processor is not JsonObject single || single.Count != 1)
            {
                return Parse("processor must be an object with exactly one processor type", null, null);
            }

            var (type, config) = single.First();
            if (!Processors.Contains(type))
            {
                return Parse($"No processor type exists with name [{type}]", type, null);
            }

            string? missing = Required.GetValueOrDefault(type, []).FirstOrDefault(p => (config as JsonObject)?[p] is null);
            if (type == "set" && missing is null && config?["value"] is null && config?["copy_from"] is null)
            {
                missing = "value";
            }

            if (missing is not null)
            {
                return Parse($"[{missing}] required property is missing", type, missing);
            }
        }

        _bodies[id] = (JsonObject)body.DeepClone();
        return null;
    }

    public bool Remove(string id) => _bodies.Remove(id);

    /// <summary>True when the pipeline sets <c>@timestamp</c> from the ingest time if it is missing.</summary>
    public bool SuppliesTimestamp(string id) =>
        _bodies.TryGetValue(id, out var body) && (body["processors"] as JsonArray ?? []).Any(p =>
            p?["set"] is JsonObject set && set["field"]?.ToString() == "@timestamp" && set["copy_from"]?.ToString() == "_ingest.timestamp");

    private static EsAnswer Parse(string reason, string? processorType, string? property)
    {
        var metadata = new JsonObject();
        if (processorType is not null)
        {
            metadata["processor_type"] = processorType;
        }

        if (property is not null)
        {
            metadata["property_name"] = property;
        }

        return EsErrors.Answer(400, EsErrors.Cause("parse_exception", reason, metadata));
    }
}

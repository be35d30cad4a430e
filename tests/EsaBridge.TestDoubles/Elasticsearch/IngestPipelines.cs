using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Ingest pipelines, validated like <c>PUT /_ingest/pipeline/{id}</c> (processors required, known processor types, the
/// required properties of the common ones), and what each one was built with: a <c>geoip</c> processor stored while
/// its database was missing is Elasticsearch's DatabaseUnavailableProcessor until the database arrives.
/// <see cref="IngestRunner"/> runs them.
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

    /// <summary>By pipeline: the positions of its geoip processors built while their database was missing.</summary>
    private readonly Dictionary<string, HashSet<int>> _builtWithoutDatabase = new(StringComparer.Ordinal);

    /// <summary>The databases processors are built with; null builds every geoip processor without one.</summary>
    public GeoIpDatabases? GeoIp { get; set; }

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
        _builtWithoutDatabase[id] = [.. processors.Select((p, i) => (p, i)).Where(p => p.p?["geoip"] is JsonObject geoip && GeoIp?.Has(DatabaseFile(geoip)) != true).Select(p => p.i)];
        return null;
    }

    public bool Remove(string id)
    {
        _builtWithoutDatabase.Remove(id);
        return _bodies.Remove(id);
    }

    /// <summary>The pipeline's body as stored, or null.</summary>
    public JsonObject? this[string id] => _bodies.GetValueOrDefault(id);

    /// <summary>Whether the processor at that position is a geoip processor built while its database was missing.</summary>
    public bool BuiltWithoutDatabase(string id, int position) => _builtWithoutDatabase.TryGetValue(id, out var set) && set.Contains(position);

    /// <summary>Rebuilds the geoip processors whose database is now on the node, as Elasticsearch reloads their pipelines.</summary>
    public void RebuildGeoIp(GeoIpDatabases databases)
    {
        foreach (var (id, positions) in _builtWithoutDatabase)
        {
            var processors = (JsonArray)_bodies[id]["processors"]!;
            positions.RemoveWhere(i => databases.Has(DatabaseFile((JsonObject)processors[i]!["geoip"]!)));
        }
    }

    /// <summary>A geoip processor's <c>database_file</c> (GeoLite2-City.mmdb when unset).</summary>
    public static string DatabaseFile(JsonObject geoip) => geoip["database_file"]?.ToString() ?? "GeoLite2-City.mmdb";

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

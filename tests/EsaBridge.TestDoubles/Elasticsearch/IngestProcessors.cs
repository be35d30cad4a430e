using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The processors the double runs, each as Elasticsearch's own (RenameProcessor, RemoveProcessor, SetProcessor; the
/// geoip processor is <see cref="GeoIpProcessor"/>): the options listed in <see cref="Options"/> and no other. Anything
/// else (another type, an option, <c>if</c>, a processor's <c>on_failure</c>, a mustache template) is refused loudly.
/// </summary>
internal static class IngestProcessors
{
    private static readonly string[] Common = ["tag", "description", "ignore_failure"];

    private static readonly Dictionary<string, string[]> Options = new(StringComparer.Ordinal)
    {
        ["geoip"] = ["field", "target_field", "database_file", "properties", "ignore_missing", "first_only", "download_database_on_pipeline_creation"],
        ["rename"] = ["field", "target_field", "ignore_missing", "override"],
        ["remove"] = ["field", "ignore_missing"],
        ["set"] = ["field", "value", "copy_from", "override", "ignore_empty_value"],
        ["pipeline"] = ["name", "ignore_missing_pipeline"],
    };

    /// <summary>Throws <see cref="UnmodelledIngestException"/> unless the double runs this processor as configured.</summary>
    public static void CheckModelled(string type, JsonObject config)
    {
        if (!Options.TryGetValue(type, out var options))
        {
            throw new UnmodelledIngestException($"the [{type}] processor");
        }

        foreach (var (option, _) in config)
        {
            if (!options.Contains(option) && !Common.Contains(option))
            {
                throw new UnmodelledIngestException($"the option [{option}] of the [{type}] processor");
            }
        }
    }

    /// <summary>RenameProcessor: the value moves to <c>target_field</c>, which must not exist unless <c>override</c>.</summary>
    public static void Rename(JsonObject document, JsonObject config)
    {
        string field = Text(config, "field");
        string target = Text(config, "target_field");
        if (!IngestDocumentPaths.TryGet(document, field, out var value))
        {
            if (Flag(config, "ignore_missing", false))
            {
                return;
            }

            throw IngestFailure.IllegalArgument($"field [{field}] doesn't exist");
        }

        if (IngestDocumentPaths.Has(document, target) && !Flag(config, "override", false))
        {
            throw IngestFailure.IllegalArgument($"field [{target}] already exists");
        }

        value = value?.DeepClone();
        IngestDocumentPaths.Remove(document, field);
        try
        {
            IngestDocumentPaths.Set(document, target, value);
        }
        catch (IngestFailure)
        {
            IngestDocumentPaths.Set(document, field, value?.DeepClone());
            throw;
        }
    }

    /// <summary>RemoveProcessor: one field or a list of fields.</summary>
    public static void Remove(JsonObject document, JsonObject config)
    {
        bool ignoreMissing = Flag(config, "ignore_missing", false);
        string[] fields = config["field"] is JsonArray list ? [.. list.Select(f => Template(f?.ToString() ?? string.Empty))] : [Text(config, "field")];
        foreach (string field in fields)
        {
            if (ignoreMissing && !IngestDocumentPaths.Has(document, field))
            {
                continue;
            }

            IngestDocumentPaths.Remove(document, field);
        }
    }

    /// <summary>SetProcessor: <c>value</c> or the value <c>copy_from</c> names (<c>_ingest.timestamp</c> is the ingest time).</summary>
    public static void Set(JsonObject document, JsonObject config, DateTimeOffset now)
    {
        string field = Text(config, "field");
        bool ignoreEmpty = Flag(config, "ignore_empty_value", false);
        if (!Flag(config, "override", true) && IngestDocumentPaths.TryGet(document, field, out var existing) && existing is not null)
        {
            return;
        }

        JsonNode? value;
        if (config["copy_from"] is { } copyFrom)
        {
            string from = copyFrom.ToString();
            if (from == "_ingest.timestamp")
            {
                value = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            }
            else if (!IngestDocumentPaths.TryGet(document, from, out value))
            {
                if (ignoreEmpty)
                {
                    return;
                }

                throw IngestFailure.IllegalArgument($"field [{from}] not present as part of path [{from}]");
            }

            value = value?.DeepClone();
        }
        else
        {
            value = config["value"]?.DeepClone();
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                Template(v.GetValue<string>());
            }
        }

        if (ignoreEmpty && (value is null || (value is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0)))
        {
            return;
        }

        IngestDocumentPaths.Set(document, field, value);
    }

    /// <summary>ConfigurationUtils.readBooleanProperty: a boolean, or the strings true and false.</summary>
    public static bool Flag(JsonObject config, string name, bool fallback) => config[name] switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        var other => other.ToString() switch
        {
            "true" => true,
            "false" => false,
            _ => throw IngestFailure.IllegalArgument($"[{name}] property isn't a boolean, but of type [{other.GetValueKind()}]"),
        },
    };

    /// <summary>A required string option; one with a mustache template is not modelled.</summary>
    public static string Text(JsonObject config, string name) =>
        Template(config[name]?.ToString() ?? throw IngestFailure.IllegalArgument($"[{name}] required property is missing"));

    private static string Template(string text) =>
        text.Contains("{{", StringComparison.Ordinal) ? throw new UnmodelledIngestException($"the mustache template [{text}]") : text;
}

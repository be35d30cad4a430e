using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Composable index templates, validated like <c>PUT /_index_template/{name}</c>: known fields, lowercase patterns, existing
/// component templates, valid composed mappings, and no two templates with overlapping patterns at the same priority.
/// </summary>
internal sealed class IndexTemplates(ComponentTemplates components)
{
    private static readonly string[] Fields =
    [
        "index_patterns", "template", "composed_of", "priority", "version", "_meta", "data_stream", "allow_auto_create",
        "ignore_missing_component_templates", "deprecated",
    ];

    private readonly SortedDictionary<string, JsonObject> _bodies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JsonObject> Bodies => _bodies;

    public JsonObject? this[string name] => _bodies.GetValueOrDefault(name);

    public static IReadOnlyList<string> Patterns(JsonObject body) => body["index_patterns"] switch
    {
        JsonArray array => [.. array.Select(p => p?.ToString() ?? string.Empty)],
        JsonValue value => [value.ToString()],
        _ => [],
    };

    public static long Priority(JsonObject body) => body["priority"] is JsonValue p && p.TryGetValue(out long priority) ? priority : 0;

    public static bool IsDataStream(JsonObject body) => body["data_stream"] is JsonObject;

    public static IReadOnlyList<string> ComposedOf(JsonObject body) =>
        body["composed_of"] is JsonArray array ? [.. array.Select(c => c?.ToString() ?? string.Empty)] : [];

    /// <summary>allow_auto_create when the template sets it.</summary>
    public static bool? AllowAutoCreate(JsonObject body) =>
        body["allow_auto_create"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The template that applies to a new index or data stream of this name: the highest priority match.</summary>
    public (string Name, JsonObject Body)? Match(string target) => _bodies
        .Where(t => Patterns(t.Value).Any(p => Glob.Matches(p, target)))
        .OrderByDescending(t => Priority(t.Value))
        .Select(t => ((string, JsonObject)?)(t.Key, t.Value))
        .FirstOrDefault();

    /// <summary>Settings after composition: component templates in order, then the template's own.</summary>
    public IndexSettings ComposedSettings(JsonObject body) => ComposedOf(body)
        .Select(c => components[c]?["template"]?["settings"])
        .Append(body["template"]?["settings"])
        .Aggregate(IndexSettings.Empty, (settings, next) => settings.With(IndexSettings.From(next)));

    public JsonObject ComposedMappings(JsonObject body) => IndexMapping.Merge(ComposedOf(body)
        .Select(c => components[c]?["template"]?["mappings"] as JsonObject)
        .Append(body["template"]?["mappings"] as JsonObject));

    /// <summary>Stores the template, or returns why Elasticsearch would refuse it.</summary>
    public EsAnswer? Put(string name, JsonObject body, bool create)
    {
        if (KnownFields.Refusal(body, "index_template", Fields) is { } unknown)
        {
            return unknown;
        }

        var patterns = Patterns(body);
        if (patterns.Count == 0)
        {
            return EsErrors.Validation(["index patterns are missing"]);
        }

        if (create && _bodies.ContainsKey(name))
        {
            return EsErrors.IllegalArgument($"index template [{name}] already exists");
        }

        if (patterns.FirstOrDefault(p => p != p.ToLowerInvariant()) is { } upper)
        {
            return Invalid(name, $"Validation Failed: 1: index_pattern [{upper}] must be lowercase;");
        }

        var ignored = body["ignore_missing_component_templates"] is JsonArray ig ? ig.Select(i => i?.ToString()).ToHashSet() : [];
        var missing = ComposedOf(body).Where(c => !components.Contains(c) && !ignored.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return Invalid(name, $"index template [{name}] specifies component templates [{string.Join(", ", missing)}] that do not exist");
        }

        if (Conflict(name, body) is { } conflict)
        {
            return conflict;
        }

        try
        {
            _ = IndexMapping.Compile(ComposedMappings(body), IsDataStream(body));
        }
        catch (MappingException e)
        {
            var mapper = EsErrors.Cause("mapper_parsing_exception", "Failed to parse mapping: " + e.Message, causedBy: EsErrors.Cause("mapper_parsing_exception", e.Message));
            var composite = EsErrors.Cause("illegal_argument_exception", $"invalid composite mappings for [{name}]", causedBy: mapper);
            return EsErrors.Answer(400, EsErrors.Cause("illegal_argument_exception", $"composable template [{name}] template after composition is invalid", causedBy: composite));
        }

        _bodies[name] = (JsonObject)body.DeepClone();
        return null;
    }

    public bool Remove(string name) => _bodies.Remove(name);

    /// <summary>Names of the templates that compose this component template.</summary>
    public IEnumerable<string> Using(string component) => _bodies.Where(t => ComposedOf(t.Value).Contains(component)).Select(t => t.Key);

    /// <summary>The body as <c>GET /_index_template</c> renders it: defaults filled in, settings nested with string values.</summary>
    public static JsonObject Rendered(JsonObject body)
    {
        var rendered = (JsonObject)body.DeepClone();
        rendered["index_patterns"] = new JsonArray([.. Patterns(body).Select(p => JsonValue.Create(p))]);
        if (rendered["template"] is JsonObject template && template["settings"] is { } settings)
        {
            template["settings"] = IndexSettings.From(settings).ToNested();
        }

        rendered["composed_of"] ??= new JsonArray();
        if (rendered["data_stream"] is JsonObject dataStream)
        {
            dataStream["hidden"] ??= false;
            dataStream["allow_custom_routing"] ??= false;
        }

        return rendered;
    }

    private static EsAnswer Invalid(string name, string cause) =>
        EsErrors.Answer(400, "invalid_index_template_exception", $"index_template [{name}] invalid, cause [{cause}]");

    private EsAnswer? Conflict(string name, JsonObject body)
    {
        long priority = Priority(body);
        var patterns = Patterns(body);
        var clashing = _bodies
            .Where(t => t.Key != name && Priority(t.Value) == priority)
            .Where(t => Patterns(t.Value).Any(other => patterns.Any(mine => Glob.Overlaps(mine, other))))
            .ToList();
        if (clashing.Count == 0)
        {
            return null;
        }

        string names = string.Join(", ", clashing.Select(t => t.Key));
        string theirs = string.Join(",", clashing.Select(t => $"{t.Key} => [{string.Join(", ", Patterns(t.Value))}]"));
        return EsErrors.IllegalArgument(
            $"index template [{name}] has index patterns [{string.Join(", ", patterns)}] matching patterns from existing templates [{names}] "
            + $"with patterns ({theirs}) that have the same priority [{priority.ToString(CultureInfo.InvariantCulture)}], multiple index "
            + "templates may not match during index creation, please use a different priority");
    }
}

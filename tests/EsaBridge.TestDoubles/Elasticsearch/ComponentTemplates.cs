using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Component templates: bodies by name, validated like <c>PUT /_component_template/{name}</c>.</summary>
internal sealed class ComponentTemplates
{
    private readonly SortedDictionary<string, JsonObject> _bodies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JsonObject> Bodies => _bodies;

    public bool Contains(string name) => _bodies.ContainsKey(name);

    public JsonObject? this[string name] => _bodies.GetValueOrDefault(name);

    /// <summary>Stores the template, or returns why Elasticsearch would refuse it.</summary>
    public EsAnswer? Put(string name, JsonObject body, bool create)
    {
        if (KnownFields.Refusal(body, "component_template", "template", "version", "_meta", "deprecated") is { } unknown)
        {
            return unknown;
        }

        if (body["template"] is not JsonObject template)
        {
            return EsErrors.Parse("[1:2] Required [template]");
        }

        if (create && _bodies.ContainsKey(name))
        {
            return EsErrors.IllegalArgument($"component template [{name}] already exists");
        }

        try
        {
            _ = IndexMapping.Compile(template["mappings"] as JsonObject, dataStream: false);
        }
        catch (MappingException e)
        {
            return EsErrors.Answer(400, EsErrors.Cause(
                "mapper_parsing_exception", "Failed to parse mapping: " + e.Message, causedBy: EsErrors.Cause("mapper_parsing_exception", e.Message)));
        }

        _bodies[name] = (JsonObject)body.DeepClone();
        return null;
    }

    public bool Remove(string name) => _bodies.Remove(name);

    /// <summary>The body as <c>GET /_component_template</c> renders it (settings nested with string values).</summary>
    public static JsonObject Rendered(JsonObject body)
    {
        var rendered = (JsonObject)body.DeepClone();
        if (rendered["template"] is JsonObject template && template["settings"] is { } settings)
        {
            template["settings"] = IndexSettings.From(settings).ToNested();
        }

        return rendered;
    }
}

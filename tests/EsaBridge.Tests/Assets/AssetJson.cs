using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Tests.Assets;

/// <summary>A field of the shipped mappings: its type, and whether it is a runtime field or a multi-field.</summary>
public sealed record MappedField(string Path, string Type, bool Runtime, bool MultiField);

/// <summary>Reads the shipped assets (the embedded resources, so the tests check what ships) and the contract.</summary>
public static partial class AssetJson
{
    public const string MappingsComponent = "esabridge-session-mappings";
    public const string SettingsComponent = "esabridge-session-settings";
    public const string ConnectionMappingsComponent = "esabridge-connection-mappings";
    public const string ConnectionSettingsComponent = "esabridge-connection-settings";

    private static readonly Lazy<IReadOnlyDictionary<string, MappedField>> Mapped = new(() => LoadMappedFields(MappingsComponent));
    private static readonly Lazy<IReadOnlyDictionary<string, MappedField>> ConnectionMapped = new(() => LoadMappedFields(ConnectionMappingsComponent));

    /// <summary>The connection document's component file under mappings/component.</summary>
    public const string ConnectionMappingsFile = "esabridge-connection-mappings.json";
    private static readonly Lazy<IReadOnlyList<string>> Documents = new(LoadSampleDocuments);

    public static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not a JSON object");

    public static JsonObject Component(string name) =>
        Parse(Assert.Single(ShippedAssets.ComponentTemplates, c => c.Name == name).Json);

    /// <summary>Every field of the shipped mappings by dotted path: properties, multi-fields and runtime fields.</summary>
    public static IReadOnlyDictionary<string, MappedField> MappedFields => Mapped.Value;

    /// <summary>Every field of the connection documents' shipped mappings, as <see cref="MappedFields"/>.</summary>
    public static IReadOnlyDictionary<string, MappedField> ConnectionMappedFields => ConnectionMapped.Value;

    /// <summary>The JSON documents the encoder writes for samples/esa-mail.log, one string per message.</summary>
    public static IReadOnlyList<string> SampleDocuments => Documents.Value;

    /// <summary>Every leaf of a JSON document by dotted path (array elements under their array's path).</summary>
    public static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    foreach (var leaf in Leaves(child, prefix.Length == 0 ? name : prefix + "." + name))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var leaf in Leaves(item, prefix))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return (prefix, node);
                break;
        }
    }

    /// <summary>The heading of the connection document's part of docs/session-document.md (to the end of the file).</summary>
    public const string ConnectionSection = "\n## Version 2: connection documents";

    /// <summary>The field paths docs/session-document.md names before its connection document's part (backticked, or relative <c>.name</c> connection fields).</summary>
    public static IReadOnlyList<string> ContractDocumentFields()
    {
        string text = File.ReadAllText(RepositoryFile("docs", "session-document.md"));
        int connections = text.IndexOf(ConnectionSection, StringComparison.Ordinal);
        return FieldsNamedIn(connections < 0 ? text : text[..connections]);
    }

    /// <summary>The field paths the connection document's part of docs/session-document.md names.</summary>
    public static IReadOnlyList<string> ContractConnectionFields()
    {
        string text = File.ReadAllText(RepositoryFile("docs", "session-document.md"));
        return FieldsNamedIn(text[text.IndexOf(ConnectionSection, StringComparison.Ordinal)..]);
    }

    private static IReadOnlyList<string> FieldsNamedIn(string text)
    {
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Backticked().Matches(text))
        {
            string token = m.Groups[1].Value;
            if (FieldPath().IsMatch(token))
            {
                fields.Add(token);
            }
            else if (RelativeConnectionField().IsMatch(token))
            {
                fields.Add("cisco.esa.connection" + token);
            }
        }

        return [.. fields];
    }

    /// <summary>Field names a simple KQL query compares (<c>field : value</c>, quoted values removed first).</summary>
    public static IEnumerable<string> KqlFields(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            yield break;
        }

        string unquoted = QuotedValue().Replace(query, "\"\"");
        foreach (Match m in KqlField().Matches(unquoted))
        {
            yield return m.Groups[1].Value;
        }
    }

    public static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsaBridge.slnx")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("repository root (EsaBridge.slnx) not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyDictionary<string, MappedField> LoadMappedFields(string component)
    {
        var fields = new Dictionary<string, MappedField>(StringComparer.Ordinal);
        var mappings = Component(component)["template"]!["mappings"]!.AsObject();
        AddProperties(fields, mappings["properties"]!.AsObject(), "");
        if (mappings["runtime"] is JsonObject runtime)
        {
            foreach (var (path, definition) in runtime)
            {
                fields.Add(path, new MappedField(path, (string)definition!["type"]!, Runtime: true, MultiField: false));
            }
        }

        return fields;
    }

    private static void AddProperties(Dictionary<string, MappedField> fields, JsonObject properties, string prefix)
    {
        foreach (var (name, definition) in properties)
        {
            string path = prefix + name;
            var d = definition!.AsObject();
            if (d["properties"] is JsonObject children)
            {
                // An object field declared as such ("type": "object", e.g. cisco.esa.recipients) is a field too.
                if (d["type"] is not null)
                {
                    fields.Add(path, new MappedField(path, (string)d["type"]!, Runtime: false, MultiField: false));
                }

                AddProperties(fields, children, path + ".");
                continue;
            }

            fields.Add(path, new MappedField(path, (string?)d["type"] ?? "object", Runtime: false, MultiField: false));
            if (d["fields"] is JsonObject multi)
            {
                foreach (var (sub, subDefinition) in multi)
                {
                    fields.Add(path + "." + sub, new MappedField(path + "." + sub, (string)subDefinition!["type"]!, Runtime: false, MultiField: true));
                }
            }
        }
    }

    private static IReadOnlyList<string> LoadSampleDocuments()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");
        var records = new List<SessionRecord>();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), records.Add);
        pipeline.SetSource("esa1.example.com", path);
        foreach (string line in File.ReadLines(path))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        pipeline.FlushIncomplete();
        return [.. records.Select(EcsJson.ToJson)];
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^(@timestamp|(event|cisco|email|source|destination|related|observer|network|log|ecs|data_stream)(\.[a-z_]+)+)$")]
    private static partial Regex FieldPath();

    [GeneratedRegex(@"^\.[a-z_]+$")]
    private static partial Regex RelativeConnectionField();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex QuotedValue();

    [GeneratedRegex(@"([A-Za-z_@][\w.@]*)\s*:")]
    private static partial Regex KqlField();
}

using System.Text.RegularExpressions;
using EsaBridge.Tests.Assets;
using YamlDotNet.RepresentationModel;

namespace EsaBridge.Tests.Deploy;

/// <summary>A variable the compose file interpolates: <c>${NAME}</c>, <c>${NAME:-default}</c> or <c>${NAME:?error}</c>.</summary>
public sealed record ComposeVariable(string Name, string? Default, bool Required);

/// <summary>docker-compose.yml read with YamlDotNet, and the .env.example beside it.</summary>
public sealed partial class ComposeFile
{
    private ComposeFile(YamlMappingNode root, string text, IReadOnlyDictionary<string, string> envExample)
    {
        Root = root;
        Text = text;
        EnvExample = envExample;
    }

    public YamlMappingNode Root { get; }

    public string Text { get; }

    /// <summary>The variables .env.example sets, with their values.</summary>
    public IReadOnlyDictionary<string, string> EnvExample { get; }

    public YamlMappingNode Services => (YamlMappingNode)Root["services"];

    public IEnumerable<string> ServiceNames => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    /// <summary>Every interpolation in the file; <c>$${X}</c> is an escaped dollar for the container's shell, not one.</summary>
    public IReadOnlyList<ComposeVariable> Variables =>
        [.. Interpolation().Matches(Text).Select(m => new ComposeVariable(
            m.Groups["name"].Value,
            m.Groups["op"].Value == ":-" ? m.Groups["arg"].Value : null,
            m.Groups["op"].Value == ":?"))];

    public static ComposeFile Load()
    {
        string text = File.ReadAllText(AssetJson.RepositoryFile("docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return new ComposeFile(root, text, ReadEnvFile(AssetJson.RepositoryFile(".env.example")));
    }

    public YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static YamlMappingNode? Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    /// <summary>The services a service waits for, with the condition (<c>service_started</c> for the short list form).</summary>
    public IReadOnlyDictionary<string, string> DependsOn(string service)
    {
        if (!Service(service).Children.TryGetValue(new YamlScalarNode("depends_on"), out var node))
        {
            return new Dictionary<string, string>();
        }

        return node switch
        {
            YamlSequenceNode list => list.Children.ToDictionary(n => ((YamlScalarNode)n).Value!, _ => "service_started"),
            YamlMappingNode map => map.Children.ToDictionary(
                kv => ((YamlScalarNode)kv.Key).Value!,
                kv => Scalar((YamlMappingNode)kv.Value, "condition") ?? "service_started"),
            _ => throw new InvalidDataException($"{service}: depends_on is neither a list nor a mapping"),
        };
    }

    /// <summary>A one-shot service runs to completion: <c>restart: "no"</c>.</summary>
    public bool IsOneShot(string service) => Scalar(Service(service), "restart") == "no";

    /// <summary>The service's environment with every interpolation replaced by the value .env.example gives.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = Mapping(Service(service), "environment") ?? [];
        return environment.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Resolve(((YamlScalarNode)kv.Value).Value!));
    }

    /// <summary>The argv lists of every <c>esabridge</c> invocation of a service: its command list, or the lines of its shell script.</summary>
    public IReadOnlyList<string[]> EsabridgeCommands(string service)
    {
        var command = (YamlSequenceNode)Service(service)["command"];
        string[] items = [.. command.Children.Select(n => Resolve(((YamlScalarNode)n).Value!))];
        bool viaShell = Service(service).Children.TryGetValue(new YamlScalarNode("entrypoint"), out var entrypoint)
            && entrypoint is YamlSequenceNode e && e.Children.Count > 0 && ((YamlScalarNode)e.Children[0]).Value!.EndsWith("sh", StringComparison.Ordinal);
        if (!viaShell)
        {
            return [items];
        }

        return [.. items.SelectMany(script => script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("esabridge ", StringComparison.Ordinal))
            .Select(line => ShellWords.Split(line)[1..])];
    }

    /// <summary>Replaces <c>${NAME...}</c> with the .env.example value and <c>$$</c> with <c>$</c>, as compose does.</summary>
    public string Resolve(string value) =>
        Interpolation().Replace(value, m => EnvExample.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Groups["arg"].Value)
            .Replace("$$", "$", StringComparison.Ordinal);

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\?|-|\?)(?<arg>[^}]*))?\}")]
    private static partial Regex Interpolation();
}

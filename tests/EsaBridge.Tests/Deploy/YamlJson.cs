using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// A YAML document as the JSON compose validates against its schema: plain scalars typed by the YAML 1.2 core schema
/// (true/false, null, integers, floats), quoted and block scalars as strings, each scalar first passed through
/// <paramref name="interpolate"/>.
/// </summary>
internal static partial class YamlJson
{
    public static JsonNode? Convert(YamlNode node, Func<string, string> interpolate) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(interpolate(((YamlScalarNode)kv.Key).Value!), Convert(kv.Value, interpolate)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(c => Convert(c, interpolate))]),
        YamlScalarNode scalar => Scalar(scalar, interpolate),
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar, Func<string, string> interpolate)
    {
        string text = interpolate(scalar.Value ?? string.Empty);
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            "" or "~" or "null" or "Null" or "NULL" => null,
            _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>The live mapping of one index or data stream: the root object field and the root-only parameters.</summary>
internal sealed class IndexMapping
{
    private IndexMapping(MappedField root, bool dateDetection)
    {
        Root = root;
        DateDetection = dateDetection;
    }

    public MappedField Root { get; }

    /// <summary>Whether new string fields that look like dates are mapped as dates (Elasticsearch's default: yes).</summary>
    public bool DateDetection { get; }

    /// <summary>Compiles a <c>mappings</c> object; throws <see cref="MappingException"/> when Elasticsearch would refuse it.</summary>
    public static IndexMapping Compile(JsonObject? mappings, bool dataStream)
    {
        mappings ??= [];
        var root = new MappedField("object", MappedField.DynamicOf(mappings));
        if (mappings["properties"] is JsonObject properties)
        {
            root.AddAll(properties);
        }

        if (dataStream && !root.Properties!.ContainsKey("@timestamp"))
        {
            root.Properties["@timestamp"] = new MappedField("date");
        }
        else if (dataStream && root.Properties!["@timestamp"].Type is not ("date" or "date_nanos"))
        {
            throw new MappingException($"data stream timestamp field [@timestamp] is of type [{root.Properties["@timestamp"].Type}], but [date,date_nanos] is expected");
        }

        bool dateDetection = mappings["date_detection"] is not JsonValue dd || dd.GetValueKind() != JsonValueKind.False;
        return new IndexMapping(root, dateDetection);
    }

    /// <summary>Deep-merges mapping objects in order (later ones win field by field), as index template composition does.</summary>
    public static JsonObject Merge(IEnumerable<JsonObject?> mappings)
    {
        var merged = new JsonObject();
        foreach (var mapping in mappings.OfType<JsonObject>())
        {
            MergeInto(merged, mapping);
        }

        return merged;
    }

    private static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceChild && target[key] is JsonObject targetChild)
            {
                MergeInto(targetChild, sourceChild);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}

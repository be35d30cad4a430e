using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>One field of an index mapping: its type and, for objects, its children (which dynamic mapping may extend).</summary>
internal sealed class MappedField
{
    /// <summary>The field types of a default Elasticsearch 9 distribution.</summary>
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "text", "keyword", "match_only_text", "wildcard", "constant_keyword", "counted_keyword", "long", "integer", "short",
        "byte", "double", "float", "half_float", "scaled_float", "unsigned_long", "date", "date_nanos", "boolean", "binary",
        "ip", "object", "nested", "flattened", "passthrough", "geo_point", "geo_shape", "point", "shape", "completion",
        "search_as_you_type", "token_count", "alias", "rank_feature", "rank_features", "dense_vector", "sparse_vector",
        "semantic_text", "histogram", "aggregate_metric_double", "version", "integer_range", "float_range", "long_range",
        "double_range", "date_range", "ip_range", "percolator", "join",
    };

    public MappedField(string type, string? dynamic = null)
    {
        Type = type;
        Dynamic = dynamic;
        IsObject = type is "object" or "nested" or "passthrough";
        IsScalar = FieldValues.IsScalarType(type);
        IsChecked = FieldValues.IsChecked(type);
        CanIgnoreMalformed = FieldValues.CanIgnoreMalformed(type);
        Properties = IsObject ? new Dictionary<string, MappedField>(Utf8KeyComparer.Instance) : null;
        Order = IsObject ? new MemberOrder() : null;
    }

    public string Type { get; }

    /// <summary>true, false, strict or runtime; null inherits from the enclosing object.</summary>
    public string? Dynamic { get; }

    /// <summary>The field's own ignore_malformed; null uses the index setting.</summary>
    public bool? IgnoreMalformed { get; private init; }

    /// <summary>A date format other than the default, which the double does not check.</summary>
    public bool CustomFormat { get; private init; }

    /// <summary>The children by name (ordinal); also searchable by UTF-8 name through <see cref="Utf8KeyComparer"/>.</summary>
    public Dictionary<string, MappedField>? Properties { get; }

    public bool IsObject { get; }

    /// <summary>For an object field, the order its members were last seen in (see <see cref="MemberOrder"/>).</summary>
    public MemberOrder? Order { get; }

    /// <summary>For an object field, its dotted path from the document root, filled in by the first check that needs it.</summary>
    public string? PathInDocument { get; set; }

    /// <summary>The type takes only scalars (see <see cref="FieldValues.IsScalarType"/>), worked out once.</summary>
    public bool IsScalar { get; }

    /// <summary>Scalar values must fit the type (see <see cref="FieldValues.IsChecked"/>); other types take any scalar.</summary>
    public bool IsChecked { get; }

    /// <summary>ignore_malformed applies to the type (see <see cref="FieldValues.CanIgnoreMalformed"/>).</summary>
    public bool CanIgnoreMalformed { get; }

    /// <summary>Compiles a field definition; throws <see cref="MappingException"/> for an unknown type, like Elasticsearch.</summary>
    public static MappedField Compile(string name, JsonObject definition)
    {
        string type = definition["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "object";
        if (!KnownTypes.Contains(type))
        {
            throw new MappingException($"No handler for type [{type}] declared on field [{name}]");
        }

        var field = new MappedField(type, DynamicOf(definition))
        {
            IgnoreMalformed = definition["ignore_malformed"] is JsonValue im && im.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? im.GetValue<bool>()
                : null,
            CustomFormat = definition["format"] is JsonValue f && f.ToString() != "strict_date_optional_time||epoch_millis",
        };
        if (definition["fields"] is JsonObject multiFields)
        {
            foreach (var (subName, sub) in multiFields)
            {
                if (sub is JsonObject subDefinition)
                {
                    _ = Compile(subName, subDefinition);
                }
            }
        }

        if (field.IsObject && definition["properties"] is JsonObject properties)
        {
            field.AddAll(properties);
        }

        return field;
    }

    /// <summary>The mapping's <c>dynamic</c> parameter as text, or null.</summary>
    public static string? DynamicOf(JsonObject definition) => definition["dynamic"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v => v.ToString(),
        _ => null,
    };

    /// <summary>Adds the definitions of a <c>properties</c> object; dotted names become object paths.</summary>
    public void AddAll(JsonObject properties)
    {
        foreach (var (name, definition) in properties)
        {
            if (definition is not JsonObject def)
            {
                throw new MappingException($"Expected map for property [fields] on field [{name}] but got a class java.lang.String");
            }

            var parent = this;
            string[] parts = name.Split('.');
            foreach (string part in parts[..^1])
            {
                parent = parent.ObjectChild(part);
            }

            parent.Properties![parts[^1]] = Compile(parts[^1], def);
        }
    }

    private MappedField ObjectChild(string name)
    {
        if (!Properties!.TryGetValue(name, out var child))
        {
            child = new MappedField("object");
            Properties[name] = child;
        }

        return child.IsObject ? child : throw new MappingException($"can't merge a non object mapping [{name}] with an object mapping");
    }
}

/// <summary>A mapping Elasticsearch refuses (mapper_parsing_exception).</summary>
internal sealed class MappingException(string message) : Exception(message);

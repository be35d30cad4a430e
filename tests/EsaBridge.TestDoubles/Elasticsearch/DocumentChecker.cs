using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Parses one document source against an index's live mapping the way Elasticsearch indexes it: values must fit their
/// field types (unless ignore_malformed), objects and concrete values must not be mixed, unmapped fields follow the
/// dynamic setting (strict refuses, false ignores, true adds a mapping), and a data stream document needs @timestamp.
/// Dynamic mapping additions stay only when the document is accepted. Dynamic templates are not applied (new strings
/// become text with a keyword sub-field, as without templates).
/// </summary>
internal sealed class DocumentChecker
{
    private readonly IndexMapping _mapping;
    private readonly bool _ignoreMalformed;
    private readonly string _id;
    private List<(MappedField Parent, string Name)>? _added;
    private bool _sawTimestamp;

    private DocumentChecker(IndexMapping mapping, bool ignoreMalformed, string id)
    {
        _mapping = mapping;
        _ignoreMalformed = ignoreMalformed;
        _id = id;
    }

    /// <summary>The document_parsing_exception (or similar) cause for this source, or null when it is accepted.</summary>
    public static JsonObject? Check(ReadOnlySpan<byte> source, IndexMapping mapping, bool ignoreMalformed, string id, bool dataStream)
    {
        var checker = new DocumentChecker(mapping, ignoreMalformed, id);
        JsonObject? error;
        try
        {
            error = checker.Run(source, dataStream);
        }
        catch (JsonException e)
        {
            string at = $"[{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}]";
            error = EsErrors.Cause("document_parsing_exception", $"{at} failed to parse", causedBy: EsErrors.Cause("x_content_parse_exception", $"{at} {e.Message}"));
        }

        if (error is not null)
        {
            checker.Rollback();
        }

        return error;
    }

    private static JsonObject Parsing(string reason, JsonObject? causedBy = null) =>
        EsErrors.Cause("document_parsing_exception", reason, causedBy: causedBy);

    private static string At(ref Utf8JsonReader reader) => $"[1:{reader.BytesConsumed.ToString(CultureInfo.InvariantCulture)}]";

    private JsonObject? Run(ReadOnlySpan<byte> source, bool dataStream)
    {
        var reader = new Utf8JsonReader(source);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Parsing("[1:1] failed to parse: Malformed content, must start with an object", Parsing("[1:1] Malformed content, must start with an object"));
        }

        var error = Object(ref reader, _mapping.Root, string.Empty, _mapping.Root.Dynamic ?? "true");
        if (error is null && reader.Read())
        {
            return Parsing($"{At(ref reader)} failed to parse: Unexpected token after the document");
        }

        if (error is null && dataStream && !_sawTimestamp)
        {
            const string Missing = "data stream timestamp field [@timestamp] is missing";
            return Parsing($"[1:{source.Length.ToString(CultureInfo.InvariantCulture)}] failed to parse: {Missing}", EsErrors.Cause("illegal_argument_exception", Missing));
        }

        return error;
    }

    private JsonObject? Object(ref Utf8JsonReader reader, MappedField obj, string path, string dynamic)
    {
        dynamic = obj.Dynamic ?? dynamic;
        var lookup = obj.Properties!.GetAlternateLookup<ReadOnlySpan<byte>>();
        var order = obj.Order!;
        for (int position = 0; reader.Read() && reader.TokenType != JsonTokenType.EndObject; position++)
        {
            // Fast path, no allocation: a plain (unescaped, undotted) name of a mapped field, matched against the member
            // seen at this position before, else looked up by its UTF-8 bytes.
            if (!reader.ValueIsEscaped && !reader.HasValueSequence
                && (order.TryMatch(position, reader.ValueSpan, out string known, out var mapped)
                    || (!reader.ValueSpan.Contains((byte)'.') && lookup.TryGetValue(reader.ValueSpan, out known!, out mapped!)
                        && order.Remember(position, reader.ValueSpan, known, mapped))))
            {
                bool timestamp = path.Length == 0 && reader.ValueSpan.SequenceEqual("@timestamp"u8);
                reader.Read();
                _sawTimestamp |= timestamp && reader.TokenType != JsonTokenType.Null;
                var mappedError = Value(ref reader, mapped, path, known, dynamic);
                if (mappedError is not null)
                {
                    return mappedError;
                }

                continue;
            }

            string name = reader.GetString()!;
            reader.Read();
            var error = Field(ref reader, obj, name, path, dynamic);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private JsonObject? Field(ref Utf8JsonReader reader, MappedField parent, string name, string parentPath, string dynamic)
    {
        string leaf = name;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            string[] parts = name.Split('.');
            foreach (string part in parts[..^1])
            {
                string partPath = Join(parentPath, part);
                if (!parent.Properties!.TryGetValue(part, out var child))
                {
                    if (dynamic is "false" or "runtime")
                    {
                        reader.Skip();
                        return null;
                    }

                    if (dynamic == "strict")
                    {
                        return Strict(ref reader, part, parentPath);
                    }

                    child = Add(parent, part, new MappedField("object"));
                }

                if (!child.IsObject)
                {
                    return Parsing($"{At(ref reader)} Could not dynamically add mapping for field [{Join(parentPath, name)}]. Existing mapping for [{partPath}] must be of type object but found [{child.Type}].");
                }

                dynamic = child.Dynamic ?? dynamic;
                parent = child;
                parentPath = partPath;
            }

            leaf = parts[^1];
        }

        if (parentPath.Length == 0 && leaf == "@timestamp" && reader.TokenType != JsonTokenType.Null)
        {
            _sawTimestamp = true;
        }

        if (!parent.Properties!.TryGetValue(leaf, out var field))
        {
            if (dynamic is "false" or "runtime")
            {
                reader.Skip();
                return null;
            }

            var inferred = Infer(reader);
            if (inferred is null)
            {
                reader.Skip();
                return null;
            }

            if (dynamic == "strict")
            {
                return Strict(ref reader, leaf, parentPath);
            }

            field = Add(parent, leaf, inferred);
        }

        return Value(ref reader, field, parentPath, leaf, dynamic);
    }

    /// <summary>Checks the value at the reader; the field's path (<paramref name="parentPath"/>.<paramref name="leaf"/>) is built only when needed.</summary>
    private JsonObject? Value(ref Utf8JsonReader reader, MappedField field, string parentPath, string leaf, string dynamic)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var error = Value(ref reader, field, parentPath, leaf, dynamic);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            case JsonTokenType.StartObject when field.IsObject:
                // An object field sits at one place in the mapping, so its path is joined once and kept.
                return Object(ref reader, field, field.PathInDocument ??= Join(parentPath, leaf), dynamic);
            default:
                break;
        }

        if (field.IsObject)
        {
            string path = Join(parentPath, leaf);
            return Parsing($"{At(ref reader)} object mapping for [{path}] tried to parse field [{leaf}] as object, but found a concrete value");
        }

        if (!field.IsScalar)
        {
            reader.Skip();
            return null;
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            string at = At(ref reader);
            reader.Skip();
            return FieldError(at, Join(parentPath, leaf), field.Type, "{...}", ("illegal_state_exception", $"Can't get text on a START_OBJECT at {at.Trim('[', ']')}"));
        }

        if (field.IsChecked && FieldValues.Misfit(ref reader, field.Type, field.CustomFormat) is { } misfit)
        {
            bool ignore = (field.IgnoreMalformed ?? _ignoreMalformed) && field.CanIgnoreMalformed;
            string preview = reader.TokenType == JsonTokenType.String ? reader.GetString()! : FieldValues.Raw(ref reader);
            return ignore ? null : FieldError(At(ref reader), Join(parentPath, leaf), field.Type, preview, misfit);
        }

        return null;
    }

    private JsonObject FieldError(string at, string path, string type, string preview, (string Type, string Reason) cause) => Parsing(
        $"{at} failed to parse field [{path}] of type [{type}] in document with id '{_id}'. Preview of field's value: '{preview}'",
        EsErrors.Cause(cause.Type, cause.Reason));

    private static JsonObject Strict(ref Utf8JsonReader reader, string name, string parentPath) => EsErrors.Cause(
        "strict_dynamic_mapping_exception",
        $"{At(ref reader)} mapping set to strict, dynamic introduction of [{name}] within [{(parentPath.Length == 0 ? "_doc" : parentPath)}] is not allowed");

    /// <summary>The mapping dynamic mapping gives a new field from its first non-null value (null: none yet).</summary>
    private MappedField? Infer(Utf8JsonReader peek)
    {
        while (peek.TokenType == JsonTokenType.StartArray)
        {
            do
            {
                if (!peek.Read() || peek.TokenType == JsonTokenType.EndArray)
                {
                    return null;
                }
            }
            while (peek.TokenType == JsonTokenType.Null);
        }

        return peek.TokenType switch
        {
            JsonTokenType.StartObject => new MappedField("object"),
            JsonTokenType.String when _mapping.DateDetection && FieldValues.LooksLikeDate(peek.GetString()!) => new MappedField("date"),
            JsonTokenType.String => new MappedField("text"),
            JsonTokenType.Number => new MappedField(peek.TryGetInt64(out _) ? "long" : "float"),
            JsonTokenType.True or JsonTokenType.False => new MappedField("boolean"),
            _ => null,
        };
    }

    private MappedField Add(MappedField parent, string name, MappedField field)
    {
        parent.Properties![name] = field;
        (_added ??= []).Add((parent, name));
        return field;
    }

    private void Rollback()
    {
        for (int i = (_added?.Count ?? 0) - 1; i >= 0; i--)
        {
            _added![i].Parent.Properties!.Remove(_added[i].Name);
            _added[i].Parent.Order!.Forget();
        }
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

}

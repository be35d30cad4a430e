using System.Text.Json;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Splits a <c>_bulk</c> body into operations like Elasticsearch's BulkRequestParser: every line ends with <c>\n</c>,
/// action lines hold exactly one of create, index, update or delete with known metadata, each but delete is followed by
/// its source line (a trailing action without one is dropped), and every operation needs an index.
/// </summary>
internal static class BulkParser
{
    /// <summary>The metadata an action line may carry; the ones the double acts on have their own key, the rest are accepted and ignored.</summary>
    private static readonly (byte[] Name, Key Key)[] MetadataKeys =
    [
        ("_id"u8.ToArray(), Key.Id), ("_index"u8.ToArray(), Key.Index), ("pipeline"u8.ToArray(), Key.Pipeline),
        ("require_data_stream"u8.ToArray(), Key.RequireDataStream), ("op_type"u8.ToArray(), Key.OpType),
        .. ((string[])["routing", "require_alias", "if_seq_no", "if_primary_term", "version", "version_type", "retry_on_conflict",
            "dynamic_templates", "_source", "list_executed_pipelines"]).Select(name => (System.Text.Encoding.UTF8.GetBytes(name), Key.Ignored)),
    ];

    private enum Key
    {
        Unknown,
        Ignored,
        Id,
        Index,
        Pipeline,
        RequireDataStream,
        OpType,
    }

    /// <summary>The operations, or the whole-request error answer.</summary>
    /// <param name="body">The body, read while the request is handled.</param>
    /// <param name="kept">The same bytes, kept after the request: stored documents are slices of it.</param>
    public static (List<BulkAction>? Actions, EsAnswer? Error) Parse(
        ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> kept, string? defaultIndex, string? defaultPipeline, bool requireDataStream)
    {
        if (body.Length == 0)
        {
            return (null, EsErrors.Answer(400, "parse_exception", "request body is required"));
        }

        if (body.Span[^1] != (byte)'\n')
        {
            return (null, EsErrors.IllegalArgument("The bulk request must be terminated by a newline [\\n]"));
        }

        var actions = new List<BulkAction>();
        var problems = new List<string>();
        int line = 0;
        int from = 0;
        while (from < body.Length)
        {
            int end = from + body.Span[from..].IndexOf((byte)'\n');
            line++;
            var action = body[from..end];
            from = end + 1;
            string? error = ReadAction(action.Span, line, out string op, out var meta);
            if (error is not null)
            {
                return (null, EsErrors.IllegalArgument(error));
            }

            var source = ReadOnlyMemory<byte>.Empty;
            var keptSource = ReadOnlyMemory<byte>.Empty;
            if (op != "delete")
            {
                if (from >= body.Length)
                {
                    break;
                }

                int sourceEnd = from + body.Span[from..].IndexOf((byte)'\n');
                source = body[from..sourceEnd];
                keptSource = kept[from..sourceEnd];
                from = sourceEnd + 1;
                line++;
                if (source.Span.Trim(" \t\r"u8).IsEmpty)
                {
                    problems.Add("source is missing");
                }
            }

            if (meta.OpType == "create" && op == "index")
            {
                op = "create";
            }

            if (op is "delete" or "update" && meta.Id is null)
            {
                problems.Add("id is missing");
            }

            string? index = meta.Index ?? defaultIndex;
            if (index is null)
            {
                problems.Add("index is missing");
            }

            bool requireStream = meta.RequireDataStreamGiven ? meta.RequireDataStream == "true" : requireDataStream;
            actions.Add(new BulkAction(op, index, meta.Id, meta.Pipeline ?? defaultPipeline, requireStream, source, keptSource));
        }

        if (actions.Count == 0)
        {
            problems.Add("no requests added");
        }

        return problems.Count > 0 ? (null, EsErrors.Validation(problems)) : (actions, null);
    }

    private static string? ReadAction(ReadOnlySpan<byte> line, int number, out string op, out ActionMetadata meta)
    {
        op = string.Empty;
        meta = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"Malformed action/metadata line [{number}], expected {TokenName(reader)} but found [{Found(reader)}]";
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return $"Malformed action/metadata line [{number}], expected FIELD_NAME but found [{Found(reader)}]";
            }

            if (Op(ref reader) is not { } known)
            {
                return $"Malformed action/metadata line [{number}], expected field [create], [delete], [index] or [update] but found [{reader.GetString()}]";
            }

            op = known;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"Malformed action/metadata line [{number}], expected START_OBJECT but found [{Found(reader)}]";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = MetadataKey(ref reader);
                if (key == Key.Unknown)
                {
                    return $"Action/metadata line [{number}] contains an unknown parameter [{reader.GetString()}]";
                }

                reader.Read();
                string? value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => FieldValues.Raw(ref reader),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => SkipStructured(ref reader),
                };
                meta.Set(key, value);
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"Malformed action/metadata line [{number}], {e.Message}";
        }
    }

    /// <summary>The operation named at the reader (a shared string, no allocation), or null for any other name.</summary>
    private static string? Op(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("create"u8) ? "create"
        : reader.ValueTextEquals("index"u8) ? "index"
        : reader.ValueTextEquals("delete"u8) ? "delete"
        : reader.ValueTextEquals("update"u8) ? "update"
        : null;

    private static Key MetadataKey(ref Utf8JsonReader reader)
    {
        foreach (var (name, key) in MetadataKeys)
        {
            if (reader.ValueTextEquals(name))
            {
                return key;
            }
        }

        return Key.Unknown;
    }

    private static string? SkipStructured(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string TokenName(Utf8JsonReader reader) => reader.TokenType == JsonTokenType.None ? "START_OBJECT" : "START_OBJECT or END_OBJECT";

    private static string Found(Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.None => "null",
        JsonTokenType.String => "VALUE_STRING",
        JsonTokenType.Number => "VALUE_NUMBER",
        JsonTokenType.True or JsonTokenType.False => "VALUE_BOOLEAN",
        JsonTokenType.StartArray => "START_ARRAY",
        JsonTokenType.EndObject => "END_OBJECT",
        _ => reader.TokenType.ToString().ToUpperInvariant(),
    };

    /// <summary>The metadata of one action line the double acts on (a repeated key: the last value wins, as before).</summary>
    private struct ActionMetadata
    {
        public string? Id;
        public string? Index;
        public string? Pipeline;
        public string? RequireDataStream;
        public string? OpType;
        public bool RequireDataStreamGiven;

        public void Set(Key key, string? value)
        {
            switch (key)
            {
                case Key.Id:
                    Id = value;
                    break;
                case Key.Index:
                    Index = value;
                    break;
                case Key.Pipeline:
                    Pipeline = value;
                    break;
                case Key.RequireDataStream:
                    RequireDataStream = value;
                    RequireDataStreamGiven = true;
                    break;
                case Key.OpType:
                    OpType = value;
                    break;
                default:
                    break;
            }
        }
    }
}

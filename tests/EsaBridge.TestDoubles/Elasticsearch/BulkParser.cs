using System.Text.Json;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Splits a <c>_bulk</c> body into operations like Elasticsearch's BulkRequestParser: every line ends with <c>\n</c>,
/// action lines hold exactly one of create, index, update or delete with known metadata, each but delete is followed by
/// its source line (a trailing action without one is dropped), and every operation needs an index.
/// </summary>
internal static class BulkParser
{
    private static readonly string[] Ops = ["create", "delete", "index", "update"];

    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal)
    {
        "_index", "_id", "routing", "pipeline", "require_alias", "require_data_stream", "if_seq_no", "if_primary_term",
        "version", "version_type", "op_type", "retry_on_conflict", "dynamic_templates", "_source", "list_executed_pipelines",
    };

    /// <summary>The operations, or the whole-request error answer.</summary>
    public static (List<BulkAction>? Actions, EsAnswer? Error) Parse(ReadOnlyMemory<byte> body, string? defaultIndex, string? defaultPipeline, bool requireDataStream)
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
            if (op != "delete")
            {
                if (from >= body.Length)
                {
                    break;
                }

                int sourceEnd = from + body.Span[from..].IndexOf((byte)'\n');
                source = body[from..sourceEnd];
                from = sourceEnd + 1;
                line++;
                if (source.Span.Trim(" \t\r"u8).IsEmpty)
                {
                    problems.Add("source is missing");
                }
            }

            if (meta.GetValueOrDefault("op_type") == "create" && op == "index")
            {
                op = "create";
            }

            if (op is "delete" or "update" && meta.GetValueOrDefault("_id") is null)
            {
                problems.Add("id is missing");
            }

            string? index = meta.GetValueOrDefault("_index") ?? defaultIndex;
            if (index is null)
            {
                problems.Add("index is missing");
            }

            bool requireStream = meta.TryGetValue("require_data_stream", out string? flag) ? flag == "true" : requireDataStream;
            actions.Add(new BulkAction(op, index, meta.GetValueOrDefault("_id"), meta.GetValueOrDefault("pipeline") ?? defaultPipeline, requireStream, source));
        }

        if (actions.Count == 0)
        {
            problems.Add("no requests added");
        }

        return problems.Count > 0 ? (null, EsErrors.Validation(problems)) : (actions, null);
    }

    private static string? ReadAction(ReadOnlySpan<byte> line, int number, out string op, out Dictionary<string, string?> meta)
    {
        op = string.Empty;
        meta = new Dictionary<string, string?>(StringComparer.Ordinal);
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

            op = reader.GetString()!;
            if (!Ops.Contains(op, StringComparer.Ordinal))
            {
                return $"Malformed action/metadata line [{number}], expected field [create], [delete], [index] or [update] but found [{op}]";
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"Malformed action/metadata line [{number}], expected START_OBJECT but found [{Found(reader)}]";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                if (!Metadata.Contains(key))
                {
                    return $"Action/metadata line [{number}] contains an unknown parameter [{key}]";
                }

                reader.Read();
                meta[key] = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => FieldValues.Raw(ref reader),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => SkipStructured(ref reader),
                };
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"Malformed action/metadata line [{number}], {e.Message}";
        }
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
}

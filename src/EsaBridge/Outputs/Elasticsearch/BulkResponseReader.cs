using System.Text.Json;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Reads a <c>_bulk</c> answer's items, in request order, and the error of a failed request.</summary>
internal static class BulkResponseReader
{
    /// <summary>The query that trims a <c>_bulk</c> answer to what <see cref="ReadItems"/> reads (Elasticsearch's
    /// <c>filter_path</c>): each item keeps its status and, when it failed, its error's type and reason.</summary>
    public const string FilterPath = "filter_path=items.*.status,items.*.error.type,items.*.error.reason";

    /// <summary>Reads the items in one pass over the answer, full or trimmed by <see cref="FilterPath"/>.</summary>
    /// <returns>Null when the body is not a bulk answer with exactly <paramref name="expected"/> items.</returns>
    public static BulkItemResult[]? ReadItems(ReadOnlySpan<byte> body, int expected)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            BulkItemResult[]? results = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isItems = reader.ValueTextEquals("items"u8);
                reader.Read();
                if (!isItems)
                {
                    reader.Skip();
                }
                else if (reader.TokenType != JsonTokenType.StartArray || (results = Items(ref reader, expected)) is null)
                {
                    return null;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? results : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static BulkItemResult[]? Items(ref Utf8JsonReader reader, int expected)
    {
        var results = new BulkItemResult[expected];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // Each item is {"<op>":{...}}: its first (only) member holds the result.
            if (count == expected || reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return null;
            }

            reader.Read();
            if (Item(ref reader) is not { } item)
            {
                return null;
            }

            results[count++] = item;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                reader.Skip();
            }
        }

        return count == expected ? results : null;
    }

    private static BulkItemResult? Item(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int status = 0;
        string? type = null;
        string? reason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isType = reader.ValueTextEquals("type"u8);
                    bool isReason = reader.ValueTextEquals("reason"u8);
                    reader.Read();
                    if (isType)
                    {
                        type = reader.GetString();
                    }
                    else if (isReason)
                    {
                        reason = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new BulkItemResult(status, type, reason);
    }

    /// <summary>The server's own words for a failed request: <c>type: reason</c> of its error, or the raw body.</summary>
    public static string ErrorOf(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    string? type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
                    string? reason = error.TryGetProperty("reason", out var r) ? r.GetString() : null;
                    return $"HTTP {status} {type}: {reason}";
                }

                return $"HTTP {status}: {error}";
            }
        }
        catch (JsonException)
        {
        }

        string text = System.Text.Encoding.UTF8.GetString(body).Trim();
        if (text.Length > 300)
        {
            text = text[..300] + "...";
        }

        return text.Length == 0 ? $"HTTP {status}" : $"HTTP {status}: {text}";
    }
}

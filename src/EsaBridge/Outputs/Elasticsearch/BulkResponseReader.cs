using System.Text.Json;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Reads a <c>_bulk</c> answer's items, in request order, and the error of a failed request.</summary>
internal static class BulkResponseReader
{
    /// <returns>Null when the body is not a bulk answer with exactly <paramref name="expected"/> items.</returns>
    public static BulkItemResult[]? ReadItems(ReadOnlyMemory<byte> body, int expected)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("items", out var items) || items.GetArrayLength() != expected)
            {
                return null;
            }

            var results = new BulkItemResult[expected];
            int i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var result = item.EnumerateObject().First().Value;
                int status = result.TryGetProperty("status", out var s) ? s.GetInt32() : 0;
                string? type = null;
                string? reason = null;
                if (result.TryGetProperty("error", out var error))
                {
                    type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
                    reason = error.TryGetProperty("reason", out var r) ? r.GetString() : null;
                }

                results[i++] = new BulkItemResult(status, type, reason);
            }

            return results;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
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

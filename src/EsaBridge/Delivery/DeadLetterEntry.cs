using System.Text.Json;

namespace EsaBridge.Delivery;

/// <summary>One line of a dead-letter file, as <see cref="DeadLetterFile"/> writes it: which output refused what, and why.</summary>
internal sealed record DeadLetterEntry(string Output, string Reason, OutgoingDocument Document)
{
    /// <summary>Reads a line; a line that is not such an entry gives null and says what is wrong with it.</summary>
    public static DeadLetterEntry? TryRead(ReadOnlyMemory<byte> line, out string problem)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return null;
            }

            string? output = Text(root, "output");
            string? id = Text(root, "event_id");
            if (output is null || id is null || !root.TryGetProperty("document", out var document) || document.ValueKind != JsonValueKind.Object)
            {
                problem = "no output, event_id or document";
                return null;
            }

            problem = string.Empty;
            return new DeadLetterEntry(output, Text(root, "reason") ?? string.Empty, new OutgoingDocument(id, System.Text.Encoding.UTF8.GetBytes(document.GetRawText())));
        }
        catch (JsonException e)
        {
            problem = $"not JSON: {e.Message}";
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

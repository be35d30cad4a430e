using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace EsaBridge.Setup.Splunk;

/// <summary>The text of splunkd's <c>messages</c>: <c>{"messages":[{"type":"ERROR","text":"..."}]}</c> with
/// <c>output_mode=json</c>, <c>&lt;response&gt;&lt;messages&gt;&lt;msg type="ERROR"&gt;...</c> otherwise.</summary>
internal static class SplunkMessages
{
    public static string Of(string body)
    {
        string trimmed = body.TrimStart();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(trimmed);
                if (json.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    return Join(messages.EnumerateArray().Select(m => (Text(m, "type"), Text(m, "text"))));
                }
            }
            else if (trimmed.StartsWith('<'))
            {
                var xml = XDocument.Parse(trimmed);
                return Join(xml.Descendants("msg").Select(m => ((string?)m.Attribute("type"), (string?)m.Value)));
            }
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            // Not Splunk's shape (a proxy's page, say): the raw text below says more than nothing.
        }

        return trimmed.Length == 0 ? "(empty answer)" : trimmed.Length > 300 ? trimmed[..300] : trimmed;
    }

    private static string? Text(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Join(IEnumerable<(string? Type, string? Text)> messages)
    {
        var parts = messages.Where(m => !string.IsNullOrWhiteSpace(m.Text)).Select(m => m.Type is null ? m.Text! : $"{m.Type}: {m.Text}").ToList();
        return parts.Count == 0 ? "(no message)" : string.Join("; ", parts);
    }
}

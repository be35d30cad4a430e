using System.Text.Json;

namespace EsaBridge.Setup.Splunk;

/// <summary>The first <c>entry</c> of a splunkd JSON answer: its <c>content</c> values as text and its ACL sharing.</summary>
internal sealed record SplunkEntry(string Name, IReadOnlyDictionary<string, string> Content, string? Sharing)
{
    public static SplunkEntry? First(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
        {
            return null;
        }

        var entry = entries[0];
        var content = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.TryGetProperty("content", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                content[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.True => "1",
                    JsonValueKind.False => "0",
                    JsonValueKind.Null => string.Empty,
                    _ => property.Value.GetRawText(),
                };
            }
        }

        string? sharing = entry.TryGetProperty("acl", out var acl) && acl.TryGetProperty("sharing", out var s) ? s.GetString() : null;
        string name = entry.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
        return new SplunkEntry(name, content, sharing);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>One event HEC indexed: its JSON object as sent (envelope and <c>event</c>), and the channel it came on.</summary>
public sealed class IndexedEvent(byte[] json, string? channel)
{
    private JsonObject? _parsed;

    public byte[] Json => json;

    public string? Channel => channel;

    /// <summary>The whole object: <c>time</c>, <c>host</c>, <c>source</c>, <c>sourcetype</c>, <c>index</c>, <c>event</c>, <c>fields</c>.</summary>
    public JsonObject Envelope => _parsed ??= JsonNode.Parse(json)!.AsObject();

    public JsonNode Event => Envelope["event"]!;

    /// <summary>The project's <c>event_id</c> inside <c>event</c>, when the event is an object carrying one.</summary>
    public string? EventId => Event is JsonObject o && o["event_id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

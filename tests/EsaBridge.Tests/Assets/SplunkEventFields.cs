using System.Buffers;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// The fields a Splunk search sees on the events EsaBridge sends: the <c>event</c> objects that SplunkEventTranscoder
/// really writes for every sample log, named as <c>KV_MODE = json</c> names them (<c>a.b</c> for objects, <c>a{}</c>
/// for lists), the envelope as Splunk's own fields, and the fields every event has in Splunk.
/// </summary>
internal static class SplunkEventFields
{
    /// <summary>Fields Splunk gives every event, whatever its source (HEC sets _time, host, source, sourcetype, index).</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal)
    {
        "_time", "_raw", "_indextime", "_cd", "_serial", "host", "source", "sourcetype", "index", "splunk_server", "linecount",
        "punct", "eventtype", "tag", "timestartpos", "timeendpos",
    };

    private static readonly string[] Samples =
    [
        "seed-tech-note.log", "esa-mail.log", "hat-country.log", "verdicts.log", "public/cisco-community-spam-quarantine.log", "public/cisco-docs-examples.log",
        "public/ironport-spamtowho-comment-lines.log", "public/lab-jshunter.log", "public/lab-onenote-filter.log",
        "public/ms-qa-connection-error.log", "public/sc4s-test-lines.log",
    ];

    private static readonly Lazy<(IReadOnlySet<string> Fields, int Events)> Extracted = new(Extract);

    /// <summary>
    /// The search-time names of the keys <see cref="SessionFields.SplunkEvent"/> declares for the <c>event</c> object
    /// (lists as <c>name{}</c>).
    /// </summary>
    public static readonly IReadOnlySet<string> Declared = SessionFields.SplunkEvent
        .Select(k => k.Value is SplunkValue.Texts or SplunkValue.TextsWhenPresent or SplunkValue.ListTexts || (k.Value == SplunkValue.AsWritten && k.Field!.IsList) ? k.Name + "{}" : k.Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The search-time names of the connection events' keys (sourcetype <c>cisco:esa:connection</c>), as the connection
    /// document's field declarations (ConnectionFields.SplunkEvent, written alongside) name them; once both are merged
    /// this list can be read from there as <see cref="Declared"/> is from SessionFields.
    /// </summary>
    public static readonly IReadOnlySet<string> ConnectionDeclared = new HashSet<string>(StringComparer.Ordinal)
    {
        "src", "src_ip", "dest", "dest_ip", "action", "ending", "abort_class", "near_timeout", "idle_seconds", "duration", "icid",
        "session_id", "message_count", "rejected_recipients", "policy", "sender_group", "sbrs", "tls", "country", "tls_cipher",
        "tls_failure", "transport", "protocol", "vendor_product", "event_id", "src_host", "internal_message_id{}",
    };

    /// <summary>The search-time names of every field in the written events' <c>event</c> object.</summary>
    public static IReadOnlySet<string> FromWriter => Extracted.Value.Fields;

    public static int EventCount => Extracted.Value.Events;

    private static (IReadOnlySet<string>, int) Extract()
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        int events = 0;
        foreach (string sample in Samples)
        {
            var run = PipelineRun.Of(PipelineRun.SampleLines(sample));
            run.Pipeline.FlushIncomplete();
            foreach (var record in run.Records)
            {
                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    SplunkEventTranscoder.Write(writer, EcsJson.ToUtf8(record), new SplunkEnvelope());
                }

                using var json = JsonDocument.Parse(buffer.WrittenMemory);
                Flatten(json.RootElement.GetProperty("event"), string.Empty, fields);
                events++;
            }
        }

        return (fields, events);
    }

    private static void Flatten(JsonElement value, string name, HashSet<string> fields)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Flatten(property.Value, name.Length == 0 ? property.Name : $"{name}.{property.Name}", fields);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Flatten(item, name + "{}", fields);
                }

                break;
            default:
                fields.Add(name);
                break;
        }
    }
}

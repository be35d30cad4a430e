using System.Text.Json;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The contract's "Splunk events" view of a record: the HEC envelope (<c>time</c>, <c>host</c>, <c>source</c>,
/// <c>sourcetype</c>, <c>index</c>) around an event named after the CIM Email data model plus the project's own fields.
/// </summary>
public static class SplunkEventWriter
{
    public const string VendorProduct = "Cisco Secure Email Gateway";

    public static void Write(Utf8JsonWriter w, SessionRecord r, SplunkEnvelope envelope)
    {
        w.WriteStartObject();
        w.WriteNumber("time"u8, r.EndSeconds);
        if (r.Appliance.Length > 0)
        {
            w.WriteString("host"u8, r.Appliance);
        }

        w.WriteString("source"u8, envelope.Source ?? r.LogPath ?? "syslog");
        w.WriteString("sourcetype"u8, envelope.Sourcetype);
        if (envelope.Index is not null)
        {
            w.WriteString("index"u8, envelope.Index);
        }

        w.WriteStartObject("event"u8);
        WriteEvent(w, r);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>CIM Email <c>action</c>: delivered, blocked or unknown.</summary>
    public static string Action(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => "delivered",
        MessageOutcome.Aborted => "blocked",
        _ => "unknown",
    };

    /// <summary>
    /// Small scalar keys first, then addresses and ids, then the lists, the subject and the free texts: Splunk's
    /// search-time JSON extraction (<c>KV_MODE = json</c>) reads only the first 5,000 bytes of an event
    /// (limits.conf <c>[spath] extraction_cutoff</c>), so a message with hundreds of recipients or a long subject
    /// must not push <c>action</c>, <c>abort_class</c> or <c>near_timeout</c> past it.
    /// <see cref="SplunkEventTranscoder"/> writes the same order.
    /// </summary>
    private static void WriteEvent(Utf8JsonWriter w, SessionRecord r)
    {
        var c = r.Connection;
        if (c?.SourceIp is string source)
        {
            w.WriteString("src"u8, source);
            w.WriteString("src_ip"u8, source);
        }

        if (c?.ListenerIp is string destination)
        {
            w.WriteString("dest"u8, destination);
            w.WriteString("dest_ip"u8, destination);
        }

        w.WriteString("action"u8, Action(r.Outcome));
        w.WriteString("abort_class"u8, AbortClassNames.Of(r.AbortClass));
        w.WriteBoolean("near_timeout"u8, r.NearTimeout);
        if (r.IdleSeconds is long idle)
        {
            w.WriteNumber("idle_seconds"u8, idle);
        }

        w.WriteNumber("duration"u8, r.DurationSeconds);
        w.WriteNumber("internal_message_id"u8, r.Mid);
        if (r.Icid is long icid)
        {
            w.WriteNumber("icid"u8, icid);
        }

        if (r.Size is long size)
        {
            w.WriteNumber("size"u8, size);
        }

        w.WriteNumber("recipient_count"u8, r.To.Count);
        Optional(w, "sender_group"u8, c?.SenderGroup);
        if (c?.Sbrs is double sbrs)
        {
            w.WriteNumber("sbrs"u8, sbrs);
        }

        Optional(w, "tls"u8, c?.Tls);
        w.WriteString("protocol"u8, "smtp"u8);
        w.WriteString("vendor_product"u8, VendorProduct);
        w.WriteString("event_id"u8, r.EventId);
        Optional(w, "src_host"u8, c?.ReverseDns);
        Optional(w, "sender"u8, r.From);
        Optional(w, "message_id"u8, r.MessageId);
        if (r.Dcids.Count > 0)
        {
            w.WriteStartArray("dcid"u8);
            foreach (long dcid in r.Dcids)
            {
                w.WriteNumberValue(dcid);
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("recipient"u8);
        foreach (string recipient in r.To)
        {
            w.WriteStringValue(recipient);
        }

        w.WriteEndArray();
        Optional(w, "subject"u8, r.Subject);
        Optional(w, "reason"u8, r.Reason);
        Optional(w, "hint"u8, AbortClassNames.Hint(r.AbortClass));
    }

    private static void Optional(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}

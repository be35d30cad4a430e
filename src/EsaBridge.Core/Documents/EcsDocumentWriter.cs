using System.Text.Json;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>Writes a <see cref="SessionRecord"/> as the contract's ECS document (nested objects), by hand.</summary>
public static class EcsDocumentWriter
{
    public const string EcsVersion = "8.11.0";

    public static void Write(Utf8JsonWriter w, SessionRecord r)
    {
        w.WriteStartObject();
        WriteTime(w, "@timestamp"u8, r.EndSeconds);
        WriteEvent(w, r);
        WriteCisco(w, r);
        WriteEmail(w, r);
        WriteNetworkParties(w, r);
        WriteObserver(w, r);
        if (r.Icid is > 0)
        {
            w.WriteStartObject("network"u8);
            w.WriteString("transport"u8, "tcp"u8);
            w.WriteString("protocol"u8, "smtp"u8);
            w.WriteEndObject();
        }

        if (r.LogPath is not null)
        {
            w.WriteStartObject("log"u8);
            w.WriteStartObject("file"u8);
            w.WriteString("path"u8, r.LogPath);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject("ecs"u8);
        w.WriteString("version"u8, EcsVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string Action(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => "message-done",
        MessageOutcome.Aborted => "message-aborted",
        _ => "message-incomplete",
    };

    public static string Outcome(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => "success",
        MessageOutcome.Aborted => "failure",
        _ => "unknown",
    };

    private static void WriteEvent(Utf8JsonWriter w, SessionRecord r)
    {
        w.WriteStartObject("event"u8);
        w.WriteString("id"u8, r.EventId);
        w.WriteString("kind"u8, "event"u8);
        w.WriteStartArray("category"u8);
        w.WriteStringValue("email"u8);
        w.WriteEndArray();
        w.WriteStartArray("type"u8);
        w.WriteStringValue("info"u8);
        w.WriteEndArray();
        w.WriteString("module"u8, "cisco_esa"u8);
        w.WriteString("dataset"u8, "cisco_esa.session"u8);
        w.WriteString("action"u8, Action(r.Outcome));
        w.WriteString("outcome"u8, Outcome(r.Outcome));
        if (r.Reason is not null)
        {
            w.WriteString("reason"u8, r.Reason);
        }

        WriteTime(w, "start"u8, r.StartSeconds);
        WriteTime(w, "end"u8, r.EndSeconds);
        w.WriteNumber("duration"u8, r.DurationSeconds * 1_000_000_000L);
        w.WriteEndObject();
    }

    private static void WriteCisco(Utf8JsonWriter w, SessionRecord r)
    {
        w.WriteStartObject("cisco"u8);
        w.WriteStartObject("esa"u8);
        w.WriteNumber("mid"u8, r.Mid);
        if (r.Icid is long icid)
        {
            w.WriteNumber("icid"u8, icid);
        }

        w.WriteNumber("duration_seconds"u8, r.DurationSeconds);
        w.WriteStartObject("abort"u8);
        w.WriteString("class"u8, AbortClassNames.Of(r.AbortClass));
        w.WriteBoolean("near_timeout"u8, r.NearTimeout);
        if (r.IdleSeconds is long idle)
        {
            w.WriteNumber("idle_seconds"u8, idle);
        }

        if (AbortClassNames.Hint(r.AbortClass) is string hint)
        {
            w.WriteString("hint"u8, hint);
        }

        w.WriteEndObject();
        if (r.Connection is { } c)
        {
            WriteConnection(w, c);
        }

        if (r.Size is long size)
        {
            w.WriteStartObject("message"u8);
            w.WriteNumber("size"u8, size);
            w.WriteEndObject();
        }

        WriteLongs(w, "dcid"u8, r.Dcids);
        if (r.Policy is not null)
        {
            w.WriteString("policy"u8, r.Policy);
        }

        if (r.ParentMid is long parent)
        {
            w.WriteNumber("parent_mid"u8, parent);
        }

        if (r.Derivation is not null)
        {
            w.WriteString("derivation"u8, r.Derivation);
        }

        WriteLongs(w, "derived_mids"u8, r.DerivedMids);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteConnection(Utf8JsonWriter w, ConnectionSnapshot c)
    {
        w.WriteStartObject("connection"u8);
        WriteIfPresent(w, "interface"u8, c.Interface);
        if (c.ReverseDnsVerified is bool verified)
        {
            w.WriteBoolean("reverse_dns_verified"u8, verified);
        }

        WriteIfPresent(w, "policy"u8, c.Policy);
        WriteIfPresent(w, "sender_group"u8, c.SenderGroup);
        if (c.Sbrs is double sbrs)
        {
            w.WriteNumber("sbrs"u8, sbrs);
        }

        WriteIfPresent(w, "sbrs_status"u8, c.SbrsStatus);
        WriteIfPresent(w, "tls"u8, c.Tls);
        w.WriteBoolean("lost"u8, c.Lost);
        w.WriteEndObject();
    }

    private static void WriteEmail(Utf8JsonWriter w, SessionRecord r)
    {
        w.WriteStartObject("email"u8);
        Span<byte> digits = stackalloc byte[20];
        r.Mid.TryFormat(digits, out int length, provider: System.Globalization.CultureInfo.InvariantCulture);
        w.WriteString("local_id"u8, digits[..length]);
        if (r.From is not null)
        {
            w.WriteStartObject("from"u8);
            w.WriteStartArray("address"u8);
            w.WriteStringValue(r.From);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (r.To.Count > 0)
        {
            w.WriteStartObject("to"u8);
            w.WriteStartArray("address"u8);
            foreach (string to in r.To)
            {
                w.WriteStringValue(to);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        WriteIfPresent(w, "message_id"u8, r.MessageId);
        WriteIfPresent(w, "subject"u8, r.Subject);
        w.WriteEndObject();
    }

    private static void WriteNetworkParties(Utf8JsonWriter w, SessionRecord r)
    {
        var c = r.Connection;
        if (c?.SourceIp is not null || c?.ReverseDns is not null)
        {
            w.WriteStartObject("source"u8);
            WriteIfPresent(w, "ip"u8, c.SourceIp);
            WriteIfPresent(w, "domain"u8, c.ReverseDns);
            w.WriteEndObject();
        }

        if (c?.ListenerIp is not null)
        {
            w.WriteStartObject("destination"u8);
            w.WriteString("ip"u8, c.ListenerIp);
            w.WriteEndObject();
        }

        if (c?.SourceIp is not null || c?.ListenerIp is not null)
        {
            w.WriteStartObject("related"u8);
            w.WriteStartArray("ip"u8);
            if (c.SourceIp is not null)
            {
                w.WriteStringValue(c.SourceIp);
            }

            if (c.ListenerIp is not null && c.ListenerIp != c.SourceIp)
            {
                w.WriteStringValue(c.ListenerIp);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static void WriteObserver(Utf8JsonWriter w, SessionRecord r)
    {
        w.WriteStartObject("observer"u8);
        w.WriteString("vendor"u8, "Cisco"u8);
        w.WriteString("product"u8, "Secure Email Gateway"u8);
        if (r.Appliance.Length > 0)
        {
            w.WriteString("hostname"u8, r.Appliance);
        }

        WriteIfPresent(w, "serial_number"u8, r.ObserverSerialNumber);
        WriteIfPresent(w, "version"u8, r.ObserverVersion);
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, ReadOnlySpan<byte> name, long utcSeconds)
    {
        Span<byte> buffer = stackalloc byte[32];
        int length = IsoTime.Format(utcSeconds, buffer);
        w.WriteString(name, buffer[..length]);
    }

    private static void WriteLongs(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (long value in values)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteIfPresent(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}

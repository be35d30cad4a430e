using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the contract's ECS document (docs/session-document.md) straight from a finished message's state: the
/// one writer of that document. The Splunk event is derived from its bytes (<see cref="SplunkEventTranscoder"/>).
/// </summary>
internal static class EcsMessageWriter
{
    public const string EcsVersion = "8.11.0";

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

    public static void Write(JsonBytes w, in FinishedMessage f)
    {
        Span<byte> eventId = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteHex(f.Appliance.NameUtf8, f.Mid, f.Start, eventId);
        Write(w, in f, eventId);
    }

    /// <param name="eventId">The message's <c>event.id</c> (<see cref="EventIdentity.WriteHex"/>), when the caller already has it.</param>
    public static void Write(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> eventId)
    {
        var m = f.Message;
        long duration = Math.Max(0, f.End - f.Start);
        w.Literal("{\"@timestamp\":\""u8);
        Time(w, f.End);
        w.Literal("\",\"event\":{\"id\":\""u8);
        w.Literal(eventId);
        w.Literal("\",\"kind\":\"event\",\"category\":[\"email\"],\"type\":[\"info\"],\"module\":\"cisco_esa\",\"dataset\":\"cisco_esa.session\""u8);
        w.String("action"u8, Action(f.Outcome), StringSites.Action);
        w.String("outcome"u8, Outcome(f.Outcome), StringSites.Outcome);
        if (m.AbortReason.HasValue)
        {
            w.String("reason"u8, m.AbortReason.Span);
        }

        w.Literal(",\"start\":\""u8);
        Time(w, f.Start);
        w.Literal("\",\"end\":\""u8);
        Time(w, f.End);
        w.Literal("\",\"duration\":"u8);
        w.LiteralNumber(duration * 1_000_000_000L);
        w.Literal("},\"cisco\":{\"esa\":{\"mid\":"u8);
        w.LiteralNumber(f.Mid);
        if (m.Icid >= 0)
        {
            w.Number("icid"u8, m.Icid);
        }

        w.Number("duration_seconds"u8, duration);
        WriteAbort(w, in f);
        WriteCiscoRest(w, m);
        w.Literal("}},\"email\":{\"local_id\":\""u8);
        w.LiteralNumber(f.Mid);
        w.Literal("\""u8);
        WriteEmail(w, m);
        w.EndObject();
        WriteNetworkParties(w, m.Connection);
        w.Literal(",\"observer\":{\"vendor\":\"Cisco\",\"product\":\"Secure Email Gateway\""u8);
        if (f.Appliance.Name.Length > 0)
        {
            w.String("hostname"u8, f.Appliance.Name, StringSites.Hostname);
        }

        IfPresent(w, "serial_number"u8, f.Appliance.SerialNumber, StringSites.SerialNumber);
        IfPresent(w, "version"u8, f.Appliance.Version, StringSites.Version);
        w.EndObject();
        if (m.Icid > 0)
        {
            w.Literal(",\"network\":{\"transport\":\"tcp\",\"protocol\":\"smtp\"}"u8);
        }

        if (m.LogPath is not null)
        {
            w.StartObject("log"u8);
            w.StartObject("file"u8);
            w.String("path"u8, m.LogPath, StringSites.LogPath);
            w.EndObject();
            w.EndObject();
        }

        w.StartObject("ecs"u8);
        w.String("version"u8, EcsVersion, StringSites.EcsVersion);
        w.EndObject();
        w.EndObject();
    }

    private static void WriteAbort(JsonBytes w, in FinishedMessage f)
    {
        w.StartObject("abort"u8);
        w.String("class"u8, AbortClassNames.Of(f.AbortClass), StringSites.AbortClass);
        w.Boolean("near_timeout"u8, f.NearTimeout);
        if (f.IdleSeconds is long idle)
        {
            w.Number("idle_seconds"u8, idle);
        }

        if (AbortClassNames.Hint(f.AbortClass) is string hint)
        {
            w.String("hint"u8, hint, StringSites.Hint);
        }

        w.EndObject();
    }

    private static void WriteCiscoRest(JsonBytes w, MessageState m)
    {
        if (m.Connection is { } c)
        {
            WriteConnection(w, c);
        }

        if (m.Size is long size)
        {
            w.Literal(",\"message\":{\"size\":"u8);
            w.LiteralNumber(size);
            w.Literal("}"u8);
        }

        Longs(w, "dcid"u8, m.Dcids);
        if (m.Policy is not null)
        {
            w.String("policy"u8, m.Policy, StringSites.Policy);
        }

        if (m.ParentMid is long parent)
        {
            w.Number("parent_mid"u8, parent);
        }

        if (DerivationNames.Of(m.Derivation) is string derivation)
        {
            w.String("derivation"u8, derivation, StringSites.Derivation);
        }

        Longs(w, "derived_mids"u8, m.DerivedMids);
    }

    private static void WriteConnection(JsonBytes w, ConnectionState c)
    {
        w.StartObject("connection"u8);
        IfPresent(w, "interface"u8, c.Interface, StringSites.Interface);
        if (c.ReverseDnsVerified is bool verified)
        {
            w.Boolean("reverse_dns_verified"u8, verified);
        }

        IfPresent(w, "policy"u8, c.Policy, StringSites.ConnectionPolicy);
        IfPresent(w, "sender_group"u8, c.SenderGroup, StringSites.SenderGroup);
        if (c.Sbrs is double sbrs)
        {
            w.Number("sbrs"u8, sbrs);
        }

        IfPresent(w, "sbrs_status"u8, c.SbrsStatus, StringSites.SbrsStatus);
        IfPresent(w, "tls"u8, c.Tls, StringSites.Tls);
        w.Boolean("lost"u8, c.Lost);
        w.EndObject();
    }

    private static void WriteEmail(JsonBytes w, MessageState m)
    {
        if (m.From.HasValue)
        {
            w.StartObject("from"u8);
            w.StartArray("address"u8);
            w.StringValue(m.From.Span);
            w.EndArray();
            w.EndObject();
        }

        if (m.HasRecipients)
        {
            var to = m.To!;
            to.SortByRid();
            w.StartObject("to"u8);
            w.StartArray("address"u8);
            for (int i = 0; i < to.Count; i++)
            {
                w.StringValue(to.Address(i));
            }

            w.EndArray();
            w.EndObject();
        }

        IfPresent(w, "message_id"u8, in m.MessageId);
        IfPresent(w, "subject"u8, in m.Subject);
    }

    private static void WriteNetworkParties(JsonBytes w, ConnectionState? c)
    {
        if (c is null)
        {
            return;
        }

        bool hasSource = c.SourceIpText.HasValue;
        if (hasSource || c.ReverseDnsText.HasValue)
        {
            w.StartObject("source"u8);
            IfPresent(w, "ip"u8, in c.SourceIpText);
            IfPresent(w, "domain"u8, in c.ReverseDnsText);
            w.EndObject();
        }

        if (c.ListenerIp is not null)
        {
            w.StartObject("destination"u8);
            w.String("ip"u8, c.ListenerIp, StringSites.ListenerIp);
            w.EndObject();
        }

        if (hasSource || c.ListenerIp is not null)
        {
            w.StartObject("related"u8);
            w.StartArray("ip"u8);
            if (hasSource)
            {
                w.StringValue(c.SourceIpText.Span);
            }

            if (c.ListenerIp is not null && !(hasSource && SameText(c.ListenerIp, c.SourceIpText.Span)))
            {
                w.StringValue(c.ListenerIp, StringSites.RelatedListenerIp);
            }

            w.EndArray();
            w.EndObject();
        }
    }

    /// <summary>Whether the string is the text of these UTF-8 bytes (as the string decoded from them would be).</summary>
    private static bool SameText(string text, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Ascii.IsValid(utf8))
        {
            return System.Text.Ascii.Equals(utf8, text);
        }

        return text == System.Text.Encoding.UTF8.GetString(utf8);
    }

    private static void Time(JsonBytes w, long utcSeconds) => w.LiteralTime(utcSeconds);

    private static void Longs(JsonBytes w, ReadOnlySpan<byte> name, List<long>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        w.StartArray(name);
        foreach (long value in values)
        {
            w.NumberValue(value);
        }

        w.EndArray();
    }

    private static void IfPresent(JsonBytes w, ReadOnlySpan<byte> name, in Utf8Field value)
    {
        if (value.HasValue)
        {
            w.String(name, value.Span);
        }
    }

    private static void IfPresent(JsonBytes w, ReadOnlySpan<byte> name, string? value, int site)
    {
        if (value is not null)
        {
            w.String(name, value, site);
        }
    }
}

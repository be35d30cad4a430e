using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the contract's ECS document straight from a finished message's state, without a
/// <see cref="SessionRecord"/> in between (the batch <c>parse</c> path). It produces the same bytes as
/// <see cref="EcsDocumentWriter"/> does for that message's record, field for field in the same order; a test runs
/// both over the same logs and compares them byte for byte, so a change to one must be made to the other.
/// </summary>
internal static class EcsMessageWriter
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    public static void Write(JsonBytes w, in FinishedMessage f)
    {
        var m = f.Message;
        long duration = Math.Max(0, f.End - f.Start);
        w.StartObject();
        Time(w, "@timestamp"u8, f.End);
        WriteEvent(w, in f, duration);
        WriteCisco(w, in f, duration);
        WriteEmail(w, in f);
        WriteNetworkParties(w, m.Connection);
        WriteObserver(w, f.Appliance);
        if (m.Icid > 0)
        {
            w.StartObject("network"u8);
            w.Ascii("transport"u8, "tcp"u8);
            w.Ascii("protocol"u8, "smtp"u8);
            w.EndObject();
        }

        if (m.LogPath is not null)
        {
            w.StartObject("log"u8);
            w.StartObject("file"u8);
            w.String("path"u8, m.LogPath);
            w.EndObject();
            w.EndObject();
        }

        w.StartObject("ecs"u8);
        w.String("version"u8, EcsDocumentWriter.EcsVersion);
        w.EndObject();
        w.EndObject();
    }

    private static void WriteEvent(JsonBytes w, in FinishedMessage f, long duration)
    {
        w.StartObject("event"u8);
        Span<byte> hash = stackalloc byte[EventIdentity.HashBytes];
        EventIdentity.Hash(f.Appliance.NameUtf8, f.Mid, f.Start, hash);
        Span<byte> hex = stackalloc byte[EventIdentity.HashBytes * 2];
        for (int i = 0; i < hash.Length; i++)
        {
            hex[2 * i] = HexDigits[hash[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[hash[i] & 0xF];
        }

        w.Ascii("id"u8, hex);
        w.Ascii("kind"u8, "event"u8);
        w.StartArray("category"u8);
        w.AsciiValue("email"u8);
        w.EndArray();
        w.StartArray("type"u8);
        w.AsciiValue("info"u8);
        w.EndArray();
        w.Ascii("module"u8, "cisco_esa"u8);
        w.Ascii("dataset"u8, "cisco_esa.session"u8);
        w.String("action"u8, EcsDocumentWriter.Action(f.Outcome));
        w.String("outcome"u8, EcsDocumentWriter.Outcome(f.Outcome));
        if (f.Message.AbortReason is { } reason)
        {
            w.String("reason"u8, reason);
        }

        Time(w, "start"u8, f.Start);
        Time(w, "end"u8, f.End);
        w.Number("duration"u8, duration * 1_000_000_000L);
        w.EndObject();
    }

    private static void WriteCisco(JsonBytes w, in FinishedMessage f, long duration)
    {
        var m = f.Message;
        w.StartObject("cisco"u8);
        w.StartObject("esa"u8);
        w.Number("mid"u8, f.Mid);
        if (m.Icid >= 0)
        {
            w.Number("icid"u8, m.Icid);
        }

        w.Number("duration_seconds"u8, duration);
        w.StartObject("abort"u8);
        w.String("class"u8, AbortClassNames.Of(f.AbortClass));
        w.Boolean("near_timeout"u8, f.NearTimeout);
        if (f.IdleSeconds is long idle)
        {
            w.Number("idle_seconds"u8, idle);
        }

        if (AbortClassNames.Hint(f.AbortClass) is string hint)
        {
            w.String("hint"u8, hint);
        }

        w.EndObject();
        if (m.Connection is { } c)
        {
            WriteConnection(w, c);
        }

        if (m.Size is long size)
        {
            w.StartObject("message"u8);
            w.Number("size"u8, size);
            w.EndObject();
        }

        Longs(w, "dcid"u8, m.Dcids);
        if (m.Policy is not null)
        {
            w.String("policy"u8, m.Policy);
        }

        if (m.ParentMid is long parent)
        {
            w.Number("parent_mid"u8, parent);
        }

        if (DerivationNames.Of(m.Derivation) is string derivation)
        {
            w.String("derivation"u8, derivation);
        }

        Longs(w, "derived_mids"u8, m.DerivedMids);
        w.EndObject();
        w.EndObject();
    }

    private static void WriteConnection(JsonBytes w, ConnectionState c)
    {
        w.StartObject("connection"u8);
        IfPresent(w, "interface"u8, c.Interface);
        if (c.ReverseDnsVerified is bool verified)
        {
            w.Boolean("reverse_dns_verified"u8, verified);
        }

        IfPresent(w, "policy"u8, c.Policy);
        IfPresent(w, "sender_group"u8, c.SenderGroup);
        if (c.Sbrs is double sbrs)
        {
            w.Number("sbrs"u8, sbrs);
        }

        IfPresent(w, "sbrs_status"u8, c.SbrsStatus);
        IfPresent(w, "tls"u8, c.Tls);
        w.Boolean("lost"u8, c.Lost);
        w.EndObject();
    }

    private static void WriteEmail(JsonBytes w, in FinishedMessage f)
    {
        var m = f.Message;
        w.StartObject("email"u8);
        Span<byte> digits = stackalloc byte[20];
        f.Mid.TryFormat(digits, out int length, provider: System.Globalization.CultureInfo.InvariantCulture);
        w.Ascii("local_id"u8, digits[..length]);
        if (m.From is not null)
        {
            w.StartObject("from"u8);
            w.StartArray("address"u8);
            w.StringValue(m.From);
            w.EndArray();
            w.EndObject();
        }

        if (m.To is { Count: > 0 } to)
        {
            FinishedMessage.SortByRid(to);
            w.StartObject("to"u8);
            w.StartArray("address"u8);
            foreach (var (_, address) in to)
            {
                w.StringValue(address);
            }

            w.EndArray();
            w.EndObject();
        }

        IfPresent(w, "message_id"u8, m.MessageId);
        IfPresent(w, "subject"u8, m.Subject);
        w.EndObject();
    }

    private static void WriteNetworkParties(JsonBytes w, ConnectionState? c)
    {
        if (c is null)
        {
            return;
        }

        if (c.SourceIp is not null || c.ReverseDns is not null)
        {
            w.StartObject("source"u8);
            IfPresent(w, "ip"u8, c.SourceIp);
            IfPresent(w, "domain"u8, c.ReverseDns);
            w.EndObject();
        }

        if (c.ListenerIp is not null)
        {
            w.StartObject("destination"u8);
            w.String("ip"u8, c.ListenerIp);
            w.EndObject();
        }

        if (c.SourceIp is not null || c.ListenerIp is not null)
        {
            w.StartObject("related"u8);
            w.StartArray("ip"u8);
            if (c.SourceIp is not null)
            {
                w.StringValue(c.SourceIp);
            }

            if (c.ListenerIp is not null && c.ListenerIp != c.SourceIp)
            {
                w.StringValue(c.ListenerIp);
            }

            w.EndArray();
            w.EndObject();
        }
    }

    private static void WriteObserver(JsonBytes w, ApplianceState appliance)
    {
        w.StartObject("observer"u8);
        w.Ascii("vendor"u8, "Cisco"u8);
        w.Ascii("product"u8, "Secure Email Gateway"u8);
        if (appliance.Name.Length > 0)
        {
            w.String("hostname"u8, appliance.Name);
        }

        IfPresent(w, "serial_number"u8, appliance.SerialNumber);
        IfPresent(w, "version"u8, appliance.Version);
        w.EndObject();
    }

    private static void Time(JsonBytes w, ReadOnlySpan<byte> name, long utcSeconds)
    {
        Span<byte> buffer = stackalloc byte[IsoTime.Length];
        IsoTime.Format(utcSeconds, buffer);
        w.Ascii(name, buffer);
    }

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

    private static void IfPresent(JsonBytes w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.String(name, value);
        }
    }
}

using System.Text.Json;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The contract's "Splunk events" view, derived from the ECS document's bytes (as <see cref="EcsMessageWriter"/>
/// writes them) in one place: the HEC envelope (<c>time</c>, <c>host</c>, <c>source</c>, <c>sourcetype</c>,
/// <c>index</c>) around an event named after the CIM Email data model plus the project's own fields. One pass over
/// the ECS bytes remembers where each value is; the event is then written in the Splunk order, numbers copied as
/// they were written.
/// </summary>
public static class SplunkEventTranscoder
{
    public const string VendorProduct = "Cisco Secure Email Gateway";
    /// <exception cref="FormatException">The bytes are not an ECS session document (bad JSON, or a required field missing).</exception>
    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> ecs, SplunkEnvelope envelope)
    {
        var f = new EcsFields();
        var scratch = new List<byte[]>();
        try
        {
            Read(ecs, ref f, scratch);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a JSON document: {e.Message}", e);
        }

        if (!f.Timestamp.Present || !f.Mid.Present || !f.EventId.Present || !f.Duration.Present || !f.AbortClass.Present)
        {
            throw new FormatException("not an ECS session document: @timestamp, event.id, cisco.esa.mid, cisco.esa.duration_seconds or cisco.esa.abort.class is missing");
        }

        var v = new Values(ecs, scratch);
        long time = EpochSeconds(v.Of(f.Timestamp));
        w.WriteStartObject();
        w.WriteNumber("time"u8, time);
        Text(w, "host"u8, f.Hostname, v);
        if (envelope.Source is not null)
        {
            w.WriteString("source"u8, envelope.Source);
        }
        else if (f.LogPath.Present)
        {
            w.WriteString("source"u8, v.Of(f.LogPath));
        }
        else
        {
            w.WriteString("source"u8, "syslog"u8);
        }

        w.WriteString("sourcetype"u8, envelope.Sourcetype);
        if (envelope.Index is not null)
        {
            w.WriteString("index"u8, envelope.Index);
        }

        w.WriteStartObject("event"u8);
        WriteEvent(w, ref f, v);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// Small scalar keys first, then addresses and ids, then the lists, the subject and the free texts: Splunk's
    /// search-time JSON extraction (<c>KV_MODE = json</c>) reads only the first 5,000 bytes of an event
    /// (limits.conf <c>[spath] extraction_cutoff</c>), so a message with hundreds of recipients or a long subject
    /// must not push <c>action</c>, <c>abort_class</c> or <c>near_timeout</c> past it.
    /// </summary>
    private static void WriteEvent(Utf8JsonWriter w, ref EcsFields f, Values v)
    {
        Text(w, "src"u8, f.SourceIp, v);
        Text(w, "src_ip"u8, f.SourceIp, v);
        Text(w, "dest"u8, f.DestinationIp, v);
        Text(w, "dest_ip"u8, f.DestinationIp, v);
        w.WriteString("action"u8, Action(v.Of(f.Action)));
        Text(w, "abort_class"u8, f.AbortClass, v);
        w.WriteBoolean("near_timeout"u8, f.NearTimeout);
        Raw(w, "idle_seconds"u8, f.IdleSeconds, v);
        Raw(w, "duration"u8, f.Duration, v);
        Raw(w, "internal_message_id"u8, f.Mid, v);
        Raw(w, "icid"u8, f.Icid, v);
        Raw(w, "size"u8, f.Size, v);
        w.WriteNumber("recipient_count"u8, f.ToCount);
        Text(w, "sender_group"u8, f.SenderGroup, v);
        Raw(w, "sbrs"u8, f.Sbrs, v);
        Text(w, "tls"u8, f.Tls, v);
        w.WriteString("protocol"u8, "smtp"u8);
        w.WriteString("vendor_product"u8, VendorProduct);
        Text(w, "event_id"u8, f.EventId, v);
        Text(w, "src_host"u8, f.SourceDomain, v);
        Text(w, "sender"u8, f.From, v);
        Text(w, "message_id"u8, f.MessageId, v);
        Raw(w, "dcid"u8, f.Dcid, v);
        w.WriteStartArray("recipient"u8);
        if (f.To.Present)
        {
            var to = new Utf8JsonReader(v.Raw(f.To));
            to.Read();
            while (to.Read() && to.TokenType == JsonTokenType.String)
            {
                StringValue(w, ref to);
            }
        }

        w.WriteEndArray();
        Text(w, "subject"u8, f.Subject, v);
        Text(w, "reason"u8, f.Reason, v);
        Text(w, "hint"u8, f.Hint, v);
    }

    /// <summary>CIM Email <c>action</c>: delivered, blocked or unknown.</summary>
    private static ReadOnlySpan<byte> Action(ReadOnlySpan<byte> ecsAction) =>
        ecsAction.SequenceEqual("message-done"u8) ? "delivered"u8
        : ecsAction.SequenceEqual("message-aborted"u8) ? "blocked"u8
        : "unknown"u8;

    /// <summary>Reads the top level and descends only into the objects the event takes values from.</summary>
    private static void Read(ReadOnlySpan<byte> ecs, ref EcsFields f, List<byte[]> scratch)
    {
        var r = new Utf8JsonReader(ecs);
        Expect(ref r, JsonTokenType.StartObject);
        while (Next(ref r, out var name))
        {
            switch (name)
            {
                case Name.Timestamp: f.Timestamp = Take(ref r, scratch); break;
                case Name.Event: ReadObject(ref r, ref f, scratch, Scope.Event); break;
                case Name.Cisco: ReadObject(ref r, ref f, scratch, Scope.Cisco); break;
                case Name.Email: ReadObject(ref r, ref f, scratch, Scope.Email); break;
                case Name.Source: ReadObject(ref r, ref f, scratch, Scope.Source); break;
                case Name.Destination: ReadObject(ref r, ref f, scratch, Scope.Destination); break;
                case Name.Observer: ReadObject(ref r, ref f, scratch, Scope.Observer); break;
                case Name.Log: ReadObject(ref r, ref f, scratch, Scope.Log); break;
                default: r.Skip(); break;
            }
        }
    }

    private static void ReadObject(ref Utf8JsonReader r, ref EcsFields f, List<byte[]> scratch, Scope scope)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return;
        }

        while (Next(ref r, out var name))
        {
            switch (scope, name)
            {
                case (Scope.Event, Name.Id): f.EventId = Take(ref r, scratch); break;
                case (Scope.Event, Name.Action): f.Action = Take(ref r, scratch); break;
                case (Scope.Event, Name.Reason): f.Reason = Take(ref r, scratch); break;
                case (Scope.Cisco, Name.Esa): ReadObject(ref r, ref f, scratch, Scope.Esa); break;
                case (Scope.Esa, Name.Mid): f.Mid = Take(ref r, scratch); break;
                case (Scope.Esa, Name.Icid): f.Icid = Take(ref r, scratch); break;
                case (Scope.Esa, Name.DurationSeconds): f.Duration = Take(ref r, scratch); break;
                case (Scope.Esa, Name.Dcid): f.Dcid = TakeArray(ref r, out _); break;
                case (Scope.Esa, Name.Abort): ReadObject(ref r, ref f, scratch, Scope.Abort); break;
                case (Scope.Esa, Name.Connection): ReadObject(ref r, ref f, scratch, Scope.Connection); break;
                case (Scope.Esa, Name.Message): ReadObject(ref r, ref f, scratch, Scope.Message); break;
                case (Scope.Abort, Name.Class): f.AbortClass = Take(ref r, scratch); break;
                case (Scope.Abort, Name.NearTimeout): f.NearTimeout = r.TokenType == JsonTokenType.True; break;
                case (Scope.Abort, Name.IdleSeconds): f.IdleSeconds = Take(ref r, scratch); break;
                case (Scope.Abort, Name.Hint): f.Hint = Take(ref r, scratch); break;
                case (Scope.Connection, Name.SenderGroup): f.SenderGroup = Take(ref r, scratch); break;
                case (Scope.Connection, Name.Sbrs): f.Sbrs = Take(ref r, scratch); break;
                case (Scope.Connection, Name.Tls): f.Tls = Take(ref r, scratch); break;
                case (Scope.Message, Name.Size): f.Size = Take(ref r, scratch); break;
                case (Scope.Email, Name.From): ReadObject(ref r, ref f, scratch, Scope.From); break;
                case (Scope.Email, Name.To): ReadObject(ref r, ref f, scratch, Scope.To); break;
                case (Scope.Email, Name.MessageId): f.MessageId = Take(ref r, scratch); break;
                case (Scope.Email, Name.Subject): f.Subject = Take(ref r, scratch); break;
                case (Scope.From, Name.Address): f.From = TakeFirst(ref r, scratch); break;
                case (Scope.To, Name.Address): f.To = TakeArray(ref r, out f.ToCount); break;
                case (Scope.Source, Name.Ip): f.SourceIp = Take(ref r, scratch); break;
                case (Scope.Source, Name.Domain): f.SourceDomain = Take(ref r, scratch); break;
                case (Scope.Destination, Name.Ip): f.DestinationIp = Take(ref r, scratch); break;
                case (Scope.Observer, Name.Hostname): f.Hostname = Take(ref r, scratch); break;
                case (Scope.Log, Name.File): ReadObject(ref r, ref f, scratch, Scope.File); break;
                case (Scope.File, Name.Path): f.LogPath = Take(ref r, scratch); break;
                default: r.Skip(); break;
            }
        }
    }

    /// <summary>Moves to the next property's value; false at the end of the object.</summary>
    private static bool Next(ref Utf8JsonReader r, out Name name)
    {
        if (!r.Read() || r.TokenType == JsonTokenType.EndObject)
        {
            name = Name.Other;
            return false;
        }

        name = NameOf(r.ValueSpan);
        r.Read();
        return true;
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (!r.Read() || r.TokenType != type)
        {
            throw new FormatException($"not an ECS session document: expected {type}");
        }
    }

    /// <summary>A scalar: strings by their unescaped text (copied out when they were escaped), numbers as written.</summary>
    private static Slot Take(ref Utf8JsonReader r, List<byte[]> scratch)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String when r.ValueIsEscaped:
                byte[] text = new byte[r.ValueSpan.Length];
                int length = r.CopyString(text);
                scratch.Add(text[..length]);
                return new Slot(scratch.Count - 1, 0, 0, Kind.Scratch);
            case JsonTokenType.String:
                return new Slot(-1, (int)r.TokenStartIndex + 1, r.ValueSpan.Length, Kind.Text);
            case JsonTokenType.Number:
                return new Slot(-1, (int)r.TokenStartIndex, r.ValueSpan.Length, Kind.Raw);
            default:
                r.Skip();
                return default;
        }
    }

    private static Slot TakeFirst(ref Utf8JsonReader r, List<byte[]> scratch)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return default;
        }

        Slot first = default;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var value = Take(ref r, scratch);
            if (!first.Present)
            {
                first = value;
            }
        }

        return first;
    }

    /// <summary>The raw bytes of an array, and the number of its items.</summary>
    private static Slot TakeArray(ref Utf8JsonReader r, out int count)
    {
        count = 0;
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return default;
        }

        int start = (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            count++;
            r.Skip();
        }

        return new Slot(-1, start, (int)r.BytesConsumed - start, Kind.Raw);
    }

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, Slot value, Values v)
    {
        if (value.Present)
        {
            w.WriteString(name, v.Of(value));
        }
    }

    private static void Raw(Utf8JsonWriter w, ReadOnlySpan<byte> name, Slot value, Values v)
    {
        if (value.Present)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(v.Raw(value), skipInputValidation: true);
        }
    }

    private static void StringValue(Utf8JsonWriter w, ref Utf8JsonReader r)
    {
        if (!r.ValueIsEscaped)
        {
            w.WriteStringValue(r.ValueSpan);
            return;
        }

        byte[] text = new byte[r.ValueSpan.Length];
        w.WriteStringValue(text.AsSpan(0, r.CopyString(text)));
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> (as <see cref="IsoTime"/> writes it) back to epoch seconds.</summary>
    private static long EpochSeconds(ReadOnlySpan<byte> iso)
    {
        if (iso.Length != IsoTime.Length || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z')
        {
            throw new FormatException("@timestamp is not yyyy-MM-ddTHH:mm:ssZ");
        }

        int year = Digits(iso, 0, 4);
        int month = Digits(iso, 5, 2);
        int day = Digits(iso, 8, 2);
        long days = Parsing.CivilTime.DaysFromCivil(year, month, day);
        return (days * 86400) + (Digits(iso, 11, 2) * 3600L) + (Digits(iso, 14, 2) * 60L) + Digits(iso, 17, 2);
    }

    private static int Digits(ReadOnlySpan<byte> text, int at, int count)
    {
        int value = 0;
        foreach (byte b in text.Slice(at, count))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                throw new FormatException("@timestamp is not yyyy-MM-ddTHH:mm:ssZ");
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    /// <summary>The property names the event uses, told apart by length first (an ECS document has about fifty).</summary>
    private static Name NameOf(ReadOnlySpan<byte> n) => n.Length switch
    {
        2 => n.SequenceEqual("id"u8) ? Name.Id : n.SequenceEqual("to"u8) ? Name.To : n.SequenceEqual("ip"u8) ? Name.Ip : Name.Other,
        3 => n.SequenceEqual("log"u8) ? Name.Log : n.SequenceEqual("esa"u8) ? Name.Esa : n.SequenceEqual("mid"u8) ? Name.Mid : n.SequenceEqual("tls"u8) ? Name.Tls : Name.Other,
        4 => n.SequenceEqual("icid"u8) ? Name.Icid : n.SequenceEqual("dcid"u8) ? Name.Dcid : n.SequenceEqual("hint"u8) ? Name.Hint : n.SequenceEqual("sbrs"u8) ? Name.Sbrs : n.SequenceEqual("size"u8) ? Name.Size : n.SequenceEqual("from"u8) ? Name.From : n.SequenceEqual("file"u8) ? Name.File : n.SequenceEqual("path"u8) ? Name.Path : Name.Other,
        5 => n.SequenceEqual("event"u8) ? Name.Event : n.SequenceEqual("cisco"u8) ? Name.Cisco : n.SequenceEqual("email"u8) ? Name.Email : n.SequenceEqual("abort"u8) ? Name.Abort : n.SequenceEqual("class"u8) ? Name.Class : Name.Other,
        6 => n.SequenceEqual("source"u8) ? Name.Source : n.SequenceEqual("action"u8) ? Name.Action : n.SequenceEqual("reason"u8) ? Name.Reason : n.SequenceEqual("domain"u8) ? Name.Domain : Name.Other,
        7 => n.SequenceEqual("message"u8) ? Name.Message : n.SequenceEqual("subject"u8) ? Name.Subject : n.SequenceEqual("address"u8) ? Name.Address : Name.Other,
        8 => n.SequenceEqual("observer"u8) ? Name.Observer : n.SequenceEqual("hostname"u8) ? Name.Hostname : Name.Other,
        10 => n.SequenceEqual("@timestamp"u8) ? Name.Timestamp : n.SequenceEqual("connection"u8) ? Name.Connection : n.SequenceEqual("message_id"u8) ? Name.MessageId : Name.Other,
        11 => n.SequenceEqual("destination"u8) ? Name.Destination : Name.Other,
        12 => n.SequenceEqual("near_timeout"u8) ? Name.NearTimeout : n.SequenceEqual("idle_seconds"u8) ? Name.IdleSeconds : n.SequenceEqual("sender_group"u8) ? Name.SenderGroup : Name.Other,
        16 => n.SequenceEqual("duration_seconds"u8) ? Name.DurationSeconds : Name.Other,
        _ => Name.Other,
    };

    private enum Kind : byte
    {
        None,
        Text,
        Raw,
        Scratch,
    }

    private enum Scope : byte
    {
        Event,
        Cisco,
        Esa,
        Abort,
        Connection,
        Message,
        Email,
        From,
        To,
        Source,
        Destination,
        Observer,
        Log,
        File,
    }

    private enum Name : byte
    {
        Other,
        Timestamp,
        Event,
        Cisco,
        Email,
        Source,
        Destination,
        Observer,
        Log,
        Id,
        Action,
        Reason,
        Esa,
        Mid,
        Icid,
        DurationSeconds,
        Dcid,
        Abort,
        Connection,
        Message,
        Class,
        NearTimeout,
        IdleSeconds,
        Hint,
        SenderGroup,
        Sbrs,
        Tls,
        Size,
        From,
        To,
        MessageId,
        Subject,
        Address,
        Ip,
        Domain,
        Hostname,
        File,
        Path,
    }

    /// <summary>Where a value is: a range of the ECS bytes, or an unescaped copy in the scratch list.</summary>
    private readonly record struct Slot(int Scratch, int Start, int Length, Kind Kind)
    {
        public bool Present => Kind != Kind.None;
    }

    private struct EcsFields
    {
        public Slot Timestamp;
        public Slot EventId;
        public Slot Action;
        public Slot Reason;
        public Slot Mid;
        public Slot Icid;
        public Slot Duration;
        public Slot Dcid;
        public Slot AbortClass;
        public bool NearTimeout;
        public Slot IdleSeconds;
        public Slot Hint;
        public Slot SenderGroup;
        public Slot Sbrs;
        public Slot Tls;
        public Slot Size;
        public Slot From;
        public Slot To;
        public int ToCount;
        public Slot MessageId;
        public Slot Subject;
        public Slot SourceIp;
        public Slot SourceDomain;
        public Slot DestinationIp;
        public Slot Hostname;
        public Slot LogPath;
    }

    private readonly ref struct Values(ReadOnlySpan<byte> ecs, List<byte[]> scratch)
    {
        private readonly ReadOnlySpan<byte> _ecs = ecs;

        /// <summary>A string's unescaped UTF-8 text.</summary>
        public ReadOnlySpan<byte> Of(Slot value) => value.Kind == Kind.Scratch ? scratch[value.Scratch] : Raw(value);

        public ReadOnlySpan<byte> Raw(Slot value) => _ecs.Slice(value.Start, value.Length);
    }
}

using System.Text.Json;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The contract's "Splunk events" view, derived from the ECS document's bytes (as <see cref="EcsMessageWriter"/>
/// writes them) in one place: the HEC envelope (<c>time</c>, <c>host</c>, <c>source</c>, <c>sourcetype</c>,
/// <c>index</c>) around an event named after the CIM Email data model plus the project's own fields. One pass over
/// the ECS bytes remembers where each field of <see cref="SessionFields.All"/> is; the event's keys are then
/// written as <see cref="SessionFields.SplunkEvent"/> lists them, numbers copied as they were written. A connection
/// document (<c>event.dataset</c> <c>cisco_esa.connection</c>) is read by <see cref="ConnectionFields.All"/> and becomes
/// an event of <see cref="ConnectionFields.SplunkEvent"/> with <see cref="SplunkEnvelope.ConnectionSourcetype"/>.
/// </summary>
public static class SplunkEventTranscoder
{
    private static readonly EventView Sessions = new(SessionFields.All, SessionFields.SplunkEvent, SessionFields.Timestamp,
        SessionFields.ObserverHostname, SessionFields.LogFilePath, SessionFields.EventAction,
        [SessionFields.Timestamp, SessionFields.Mid, SessionFields.EventId, SessionFields.DurationSeconds, SessionFields.AbortClass],
        "@timestamp, event.id, cisco.esa.mid, cisco.esa.duration_seconds or cisco.esa.abort.class");

    private static readonly EventView Connections = new(ConnectionFields.All, ConnectionFields.SplunkEvent, ConnectionFields.Timestamp,
        SessionFields.ObserverHostname, null, ConnectionFields.EventAction,
        [ConnectionFields.Timestamp, ConnectionFields.Icid, ConnectionFields.EventId, ConnectionFields.DurationSeconds, ConnectionFields.AbortClass],
        "@timestamp, event.id, cisco.esa.icid, cisco.esa.duration_seconds or cisco.esa.abort.class");

    /// <summary>
    /// Each thread's slots, reused from event to event: a new array per event was 1 KB of garbage, and ship's HEC
    /// output transcodes every document it sends.
    /// </summary>
    [ThreadStatic]
    private static Slot[]? _slots;

    /// <summary>Unescaped copies of escaped strings, per thread; most events have none.</summary>
    [ThreadStatic]
    private static List<byte[]>? _scratch;

    /// <exception cref="FormatException">The bytes are not an ECS session document (bad JSON, or a required field missing).</exception>
    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> ecs, SplunkEnvelope envelope)
    {
        bool connection = IsConnection(ecs);
        var view = connection ? Connections : Sessions;
        var slots = _slots ??= new Slot[Math.Max(SessionFields.All.Count, ConnectionFields.All.Count)];
        Array.Clear(slots);
        var scratch = _scratch ??= [];
        scratch.Clear();
        try
        {
            var r = new Utf8JsonReader(ecs);
            Expect(ref r, JsonTokenType.StartObject);
            ReadObject(ref r, view.Fields, slots, scratch);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a JSON document: {e.Message}", e);
        }

        foreach (int required in view.RequiredFields)
        {
            if (!slots[required].Present)
            {
                throw new FormatException($"not an ECS {(connection ? "connection" : "session")} document: {view.RequiredNames} is missing");
            }
        }

        var v = new Values(ecs, scratch);
        long time = EpochSeconds(v.Of(slots[view.TimestampField]));
        w.WriteStartObject();
        w.WriteNumber("time"u8, time);
        Text(w, "host"u8, slots[view.HostnameField], v);
        if (envelope.Source is not null)
        {
            w.WriteString("source"u8, envelope.Source);
        }
        else if (view.LogPathField >= 0 && slots[view.LogPathField].Present)
        {
            w.WriteString("source"u8, v.Of(slots[view.LogPathField]));
        }
        else
        {
            w.WriteString("source"u8, "syslog"u8);
        }

        w.WriteString("sourcetype"u8, connection ? envelope.ConnectionSourcetype : envelope.Sourcetype);
        if (envelope.Index is not null)
        {
            w.WriteString("index"u8, envelope.Index);
        }

        w.WriteStartObject("event"u8);
        foreach (var (key, field) in view.EventKeys)
        {
            WriteKey(w, key, field < 0 ? default : slots[field], v, slots[view.EventActionField]);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <param name="ecsAction">The document's <c>event.action</c>: the action of a document without a disposition.</param>
    private static void WriteKey(Utf8JsonWriter w, SplunkKey key, Slot value, Values v, Slot ecsAction)
    {
        switch (key.Value)
        {
            case SplunkValue.Text:
                Text(w, key.NameUtf8, value, v);
                break;
            case SplunkValue.AsWritten:
                Raw(w, key.NameUtf8, value, v);
                break;
            case SplunkValue.Flag:
                w.WriteBoolean(key.NameUtf8, value.Present && v.Raw(value).SequenceEqual("true"u8));
                break;
            case SplunkValue.Count:
                w.WriteNumber(key.NameUtf8, value.Count);
                break;
            case SplunkValue.FirstText:
                FirstText(w, key.NameUtf8, value, v);
                break;
            case SplunkValue.Texts:
                w.WriteStartArray(key.NameUtf8);
                if (value.Present)
                {
                    var items = new Utf8JsonReader(v.Raw(value));
                    items.Read();
                    while (items.Read() && items.TokenType == JsonTokenType.String)
                    {
                        StringValue(w, ref items);
                    }
                }

                w.WriteEndArray();
                break;
            case SplunkValue.TextsWhenPresent when value.Present:
                w.WriteStartArray(key.NameUtf8);
                var present = new Utf8JsonReader(v.Raw(value));
                present.Read();
                while (present.Read() && present.TokenType == JsonTokenType.String)
                {
                    StringValue(w, ref present);
                }

                w.WriteEndArray();
                break;
            case SplunkValue.CimAction:
                var action = value.Present ? Action(v.Of(value)) : ActionBeforeDispositions(ecsAction.Present ? v.Of(ecsAction) : default);
                if (!action.IsEmpty)
                {
                    w.WriteString(key.NameUtf8, action);
                }

                break;
            case SplunkValue.ListTexts:
                ListTexts(w, key, value, v);
                break;
            case SplunkValue.Constant:
                w.WriteString(key.NameUtf8, key.ConstantUtf8);
                break;
            case SplunkValue.ConnectionCimAction when value.Present:
                var ending = ConnectionCimAction(v.Of(value));
                if (!ending.IsEmpty)
                {
                    w.WriteString(key.NameUtf8, ending);
                }

                break;
        }
    }

    /// <summary>
    /// Whether the bytes are a connection document: the first <c>"dataset":</c> is the document's own
    /// <c>event.dataset</c>, since both writers put it before any text that comes from the log.
    /// </summary>
    private static bool IsConnection(ReadOnlySpan<byte> ecs)
    {
        ReadOnlySpan<byte> label = "\"dataset\":\""u8;
        int at = ecs.IndexOf(label);
        return at >= 0 && ecs[(at + label.Length)..].StartsWith(ConnectionFields.DatasetUtf8);
    }

    /// <summary>CIM Network Sessions/Traffic <c>action</c> of a connection's <c>event.action</c> (<see cref="ConnectionEndingNames.CimAction"/>).</summary>
    private static ReadOnlySpan<byte> ConnectionCimAction(ReadOnlySpan<byte> ecsAction) =>
        ecsAction.SequenceEqual("connection-rejected"u8) ? "blocked"u8
        : ecsAction.SequenceEqual("connection-incomplete"u8) || ecsAction.IsEmpty ? default
        : "teardown"u8;

    /// <summary>CIM Email <c>action</c> of a disposition (contract version 2): delivered, blocked, quarantined, or none.</summary>
    private static ReadOnlySpan<byte> Action(ReadOnlySpan<byte> disposition) =>
        disposition.SequenceEqual("delivered"u8) || disposition.SequenceEqual("partially_delivered"u8) ? "delivered"u8
        : disposition.SequenceEqual("bounced"u8) || disposition.SequenceEqual("dropped"u8) || disposition.SequenceEqual("aborted"u8) ? "blocked"u8
        : disposition.SequenceEqual("quarantined"u8) ? "quarantined"u8
        : default;

    /// <summary>Version 1's action, for documents written (and spooled) before dispositions: delivered, blocked or unknown.</summary>
    private static ReadOnlySpan<byte> ActionBeforeDispositions(ReadOnlySpan<byte> ecsAction) =>
        ecsAction.SequenceEqual("message-done"u8) ? "delivered"u8
        : ecsAction.SequenceEqual("message-aborted"u8) ? "blocked"u8
        : "unknown"u8;

    /// <summary>The strings of a list (or one property of each object in it), written only when there is at least one.</summary>
    private static void ListTexts(Utf8JsonWriter w, SplunkKey key, Slot value, Values v)
    {
        if (!value.Present)
        {
            return;
        }

        bool started = false;
        var items = new Utf8JsonReader(v.Raw(value));
        items.Read();
        while (items.Read() && items.TokenType != JsonTokenType.EndArray)
        {
            if (key.PropertyUtf8 is null)
            {
                if (items.TokenType == JsonTokenType.String)
                {
                    Start(w, key, ref started);
                    StringValue(w, ref items);
                }
                else
                {
                    items.Skip();
                }

                continue;
            }

            if (items.TokenType != JsonTokenType.StartObject)
            {
                items.Skip();
                continue;
            }

            while (items.Read() && items.TokenType == JsonTokenType.PropertyName)
            {
                bool wanted = items.ValueTextEquals(key.PropertyUtf8);
                items.Read();
                if (wanted && items.TokenType == JsonTokenType.String)
                {
                    Start(w, key, ref started);
                    StringValue(w, ref items);
                }
                else
                {
                    items.Skip();
                }
            }
        }

        if (started)
        {
            w.WriteEndArray();
        }

        static void Start(Utf8JsonWriter w, SplunkKey key, ref bool started)
        {
            if (!started)
            {
                w.WriteStartArray(key.NameUtf8);
                started = true;
            }
        }
    }

    /// <summary>Reads an object's properties, keeping the values of declared fields and descending only towards them.</summary>
    private static void ReadObject(ref Utf8JsonReader r, PathNode node, Slot[] slots, List<byte[]> scratch)
    {
        int expected = 0;
        while (Next(ref r, node, ref expected, out var child))
        {
            if (child is null)
            {
                r.Skip();
            }
            else if (child.Field >= 0)
            {
                slots[child.Field] = child.IsList ? TakeArray(ref r) : Take(ref r, scratch);
            }
            else if (r.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref r, child, slots, scratch);
            }
            else
            {
                r.Skip();
            }
        }
    }

    private static int Index(IReadOnlyList<DocumentField> fields, DocumentField field)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (ReferenceEquals(fields[i], field))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{field.Path} is not among the document's fields");
    }

    /// <summary>One kind of document's fields as the transcoder finds them, and the Splunk keys made of them.</summary>
    private sealed class EventView
    {
        public EventView(
            IReadOnlyList<DocumentField> all, IReadOnlyList<SplunkKey> keys, DocumentField timestamp, DocumentField hostname,
            DocumentField? logPath, DocumentField action, DocumentField[] required, string requiredNames)
        {
            Fields = PathNode.Of(all);
            TimestampField = Index(all, timestamp);
            HostnameField = Index(all, hostname);
            LogPathField = logPath is null ? -1 : Index(all, logPath);
            EventActionField = Index(all, action);
            RequiredFields = [.. required.Select(f => Index(all, f))];
            RequiredNames = requiredNames;
            EventKeys = [.. keys.Select(k => (k, k.Field is null ? -1 : Index(all, k.Field)))];
        }

        /// <summary>The document's fields by path, as a tree of property names: the reader descends only where a field is.</summary>
        public PathNode Fields { get; }

        public int TimestampField { get; }

        public int HostnameField { get; }

        /// <summary>-1 when the document has no <c>log.file.path</c>.</summary>
        public int LogPathField { get; }

        public int EventActionField { get; }

        /// <summary>Fields without which the bytes are no document of this kind.</summary>
        public int[] RequiredFields { get; }

        public string RequiredNames { get; }

        /// <summary>Each Splunk key with the index of its field among the document's fields.</summary>
        public (SplunkKey Key, int Field)[] EventKeys { get; }
    }

    /// <summary>Moves to the next property's value; false at the end of the object.</summary>
    /// <param name="expected">Where to look for the property's node first (<see cref="PathNode.Child"/>).</param>
    private static bool Next(ref Utf8JsonReader r, PathNode node, ref int expected, out PathNode? child)
    {
        if (!r.Read() || r.TokenType == JsonTokenType.EndObject)
        {
            child = null;
            return false;
        }

        child = node.Child(r.ValueSpan, ref expected);
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
                return new Slot(scratch.Count - 1, 0, 0, Kind.Scratch, 0);
            case JsonTokenType.String:
                return new Slot(-1, (int)r.TokenStartIndex + 1, r.ValueSpan.Length, Kind.Text, 0);
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return new Slot(-1, (int)r.TokenStartIndex, r.ValueSpan.Length, Kind.Raw, 0);
            default:
                r.Skip();
                return default;
        }
    }

    /// <summary>The raw bytes of an array, and the number of its items.</summary>
    private static Slot TakeArray(ref Utf8JsonReader r)
    {
        int count = 0;
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

        return new Slot(-1, start, (int)r.BytesConsumed - start, Kind.Raw, count);
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

    /// <summary>The first item of an array of strings, unescaped.</summary>
    private static void FirstText(Utf8JsonWriter w, ReadOnlySpan<byte> name, Slot value, Values v)
    {
        if (!value.Present)
        {
            return;
        }

        var items = new Utf8JsonReader(v.Raw(value));
        items.Read();
        if (items.Read() && items.TokenType == JsonTokenType.String)
        {
            w.WritePropertyName(name);
            StringValue(w, ref items);
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

    private enum Kind : byte
    {
        None,
        Text,
        Raw,
        Scratch,
    }

    /// <summary>Where a value is: a range of the ECS bytes, or an unescaped copy in the scratch list.</summary>
    /// <param name="Count">For a list: its number of items.</param>
    private readonly record struct Slot(int Scratch, int Start, int Length, Kind Kind, int Count)
    {
        public bool Present => Kind != Kind.None;
    }

    private readonly ref struct Values(ReadOnlySpan<byte> ecs, List<byte[]> scratch)
    {
        private readonly ReadOnlySpan<byte> _ecs = ecs;

        /// <summary>A string's unescaped UTF-8 text.</summary>
        public ReadOnlySpan<byte> Of(Slot value) => value.Kind == Kind.Scratch ? scratch[value.Scratch] : Raw(value);

        public ReadOnlySpan<byte> Raw(Slot value) => _ecs.Slice(value.Start, value.Length);
    }

    /// <summary>One property name on the way to a field: a field itself (<see cref="Field"/>) or an object holding some.</summary>
    private sealed class PathNode(byte[] name, int field, bool isList)
    {
        private PathNode[] _children = [];

        public byte[] Name { get; } = name;

        /// <summary>The field's index in <see cref="SessionFields.All"/>; -1 for an object.</summary>
        public int Field { get; } = field;

        public bool IsList { get; } = isList;

        public static PathNode Of(IReadOnlyList<DocumentField> fields)
        {
            var root = new PathNode([], -1, false);
            for (int i = 0; i < fields.Count; i++)
            {
                var node = root;
                string[] names = fields[i].Path.Split('.');
                for (int n = 0; n < names.Length; n++)
                {
                    byte[] name = System.Text.Encoding.UTF8.GetBytes(names[n]);
                    bool leaf = n == names.Length - 1;
                    int from = 0;
                    var next = node.Child(name, ref from);
                    if (next is null)
                    {
                        next = new PathNode(name, leaf ? i : -1, leaf && fields[i].IsList);
                        node._children = [.. node._children, next];
                    }

                    node = next;
                }
            }

            return root;
        }

        /// <summary>The child named <paramref name="name"/>, looked for from <paramref name="expected"/> on (then from the
        /// start), which moves past it when found.</summary>
        /// <remarks>
        /// The writer writes an object's properties in the order they are declared, so the next one read is nearly
        /// always the child after the last one found: a search from the first child for each property cost the HEC
        /// derivation about 1.3 µs an event after the redesign, 5-7 % more CPU in <c>ship</c> to HEC (docs/PERFORMANCE.md, issue 15).
        /// </remarks>
        public PathNode? Child(ReadOnlySpan<byte> name, ref int expected)
        {
            var children = _children;
            for (int step = 0; step < children.Length; step++)
            {
                int i = expected + step;
                if (i >= children.Length)
                {
                    i -= children.Length;
                }

                var child = children[i];
                if (name.SequenceEqual(child.Name))
                {
                    expected = i + 1;
                    return child;
                }
            }

            return null;
        }
    }
}

using System.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// Writes and reads everything a <see cref="Sessionizer"/> holds between lines (appliances, open connections, open
/// messages, the ageing clock), so a service can checkpoint it next to the input positions that produced it and
/// resume after a crash as if it had never stopped. Connections shared by several messages stay shared.
/// A service writes a full snapshot now and then (<see cref="WriteSnapshot"/>) and, at each commit in between, only
/// what changed since (<see cref="WriteChanges"/>); <see cref="Replay"/> brings back the state they add up to.
/// </summary>
/// <remarks>
/// <para>
/// Versions. A state starts with <see cref="Magic"/> and its version; the change records of a journal have the
/// version of the snapshot they follow (a restart always starts a new snapshot, so one generation never mixes
/// versions). Version 1 wrote each record's fields one after the other. Version 2, written now, puts each record
/// (the clock, an appliance, a connection, a message, a recipient) behind its length in bytes, so a reader reads
/// the fields it knows, defaults those the record does not hold, and skips those it does not know. Both are read.
/// </para>
/// <para>
/// To add a field to saved state (a connection's, a message's, ...): write it last in its record's <c>Write*</c>
/// method (a connection's: <see cref="ConnectionState.Save"/>, a message's: <see cref="MessageState.Save"/>); read
/// it last in the matching <c>Read*</c> method (<c>Load</c>) only <c>if (HasField(r, end))</c>, so that a record
/// written before the field existed (any version-1 record, or a version-2 record of an older release) leaves the
/// state's default (set in its <c>Reset</c>); add it to the round-trip tests. No version change is needed, and a
/// checkpoint of the previous release loads. Bump <see cref="FormatVersion"/> only to change or drop a field that
/// is already written, and keep reading the old version.
/// </para>
/// </remarks>
public static class SessionizerState
{
    private const int Magic = 0x45534131; // "ESA1"

    /// <summary>The version written. Readable: 1 (fields without lengths) and 2 (records with their length).</summary>
    private const int FormatVersion = 2;

    private const int FirstVersion = 1;

    /// <summary>What <see cref="BeginRecord"/> returns for a version-1 record: no length, only version 1's fields.</summary>
    private const long UnframedRecord = -1;

    public static void Write(Sessionizer sessionizer, Stream destination) => Write(sessionizer, destination, snapshot: false);

    /// <summary>
    /// Writes the whole state like <see cref="Write"/>, numbers its connections for the journal (their place in it,
    /// from 1) and starts listing changes for <see cref="WriteChanges"/>.
    /// </summary>
    public static void WriteSnapshot(Sessionizer sessionizer, Stream destination) => Write(sessionizer, destination, snapshot: true);

    private static void Write(Sessionizer sessionizer, Stream destination, bool snapshot)
    {
        using var w = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        using var record = new RecordWriter(w);
        w.Write(Magic);
        w.Write(FormatVersion);
        var s = sessionizer.Export();
        WriteClock(record, s);
        WriteAppliances(w, record, s.Appliances);

        var connectionIds = new Dictionary<ConnectionState, int>(ReferenceEqualityComparer.Instance);
        var connections = new List<ConnectionState>();
        int IdOf(ConnectionState c)
        {
            if (!connectionIds.TryGetValue(c, out int id))
            {
                id = connections.Count;
                connectionIds.Add(c, id);
                connections.Add(c);
            }

            return id;
        }

        var openConnections = s.Connections.Select(pair => (pair.Key, Id: IdOf(pair.Value))).ToList();
        var messageConnections = s.Messages.Select(pair => pair.Value.Connection is { } c ? IdOf(c) : -1).ToList();

        w.Write(connections.Count);
        foreach (var c in connections)
        {
            WriteConnection(record, c);
        }

        w.Write(openConnections.Count);
        foreach (var (key, id) in openConnections)
        {
            w.Write(key.Appliance);
            w.Write(key.Id);
            w.Write(id);
        }

        w.Write(s.Messages.Count);
        for (int i = 0; i < s.Messages.Count; i++)
        {
            var (key, m) = s.Messages[i];
            w.Write(key.Appliance);
            w.Write(key.Id);
            WriteMessage(record, m, messageConnections[i]);
        }

        if (snapshot)
        {
            for (int i = 0; i < connections.Count; i++)
            {
                connections[i].JournalId = i + 1;
            }

            foreach (var (_, m) in s.Messages)
            {
                m.Journaled = true;
            }

            sessionizer.Changes.NextConnectionId = connections.Count + 1;
            sessionizer.Changes.Written();
        }
    }

    /// <summary>
    /// Writes what changed since the last <see cref="WriteSnapshot"/> or <see cref="WriteChanges"/>: the clock, the
    /// appliances, the connections and messages that changed (whole) and those that ended. Replayed in order on the
    /// snapshot, they give the state a snapshot taken now would hold.
    /// </summary>
    public static void WriteChanges(Sessionizer sessionizer, Stream destination)
    {
        var changes = sessionizer.Changes;
        if (!changes.Tracking)
        {
            throw new InvalidOperationException("changes are listed only after a snapshot");
        }

        var s = sessionizer.Export(withTables: false);
        var open = sessionizer.OpenMessageStates;
        long epoch = changes.Epoch;
        var messages = new List<(SessionKey Key, MessageState Message)>(changes.Messages.Count);
        foreach (var key in changes.Messages)
        {
            if (open.TryGetValue(key, out var m) && m.ChangedIn == epoch)
            {
                m.ChangedIn = 0; // a key listed twice (ended and opened again) is written once
                messages.Add((key, m));
                if (m.Connection is { JournalId: 0 } linked)
                {
                    changes.Changed(linked); // defensive: a message never names a connection the journal lacks
                }
            }
        }

        var connections = new List<ConnectionState>(changes.Connections.Count);
        foreach (var c in changes.Connections)
        {
            if (c.ChangedIn == epoch)
            {
                c.ChangedIn = 0;
                if (c.JournalId == 0)
                {
                    c.JournalId = changes.NextConnectionId++;
                }

                connections.Add(c);
            }
        }

        using var w = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        using var record = new RecordWriter(w);
        WriteClock(record, s);
        WriteAppliances(w, record, s.Appliances);
        w.Write(changes.DroppedConnections.Count);
        foreach (int id in changes.DroppedConnections)
        {
            w.Write(id);
        }

        w.Write(connections.Count);
        foreach (var c in connections)
        {
            w.Write(c.JournalId);
            w.Write(c.InTable);
            w.Write(c.TableKey.Appliance);
            w.Write(c.TableKey.Id);
            WriteConnection(record, c);
        }

        w.Write(changes.RemovedMessages.Count);
        foreach (var key in changes.RemovedMessages)
        {
            w.Write(key.Appliance);
            w.Write(key.Id);
        }

        w.Write(messages.Count);
        foreach (var (key, m) in messages)
        {
            w.Write(key.Appliance);
            w.Write(key.Id);
            WriteMessage(record, m, m.Connection?.JournalId ?? -1);
            m.Journaled = true;
        }

        changes.Written();
    }

    /// <summary>Replaces the sessionizer's state with a snapshot's, and the changes written after it, in order.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state this version wrote.</exception>
    public static void Replay(Sessionizer sessionizer, Stream snapshot, IEnumerable<ReadOnlyMemory<byte>> changes)
    {
        try
        {
            var image = ReadImage(snapshot);
            foreach (var record in changes)
            {
                using var r = new BinaryReader(new MemoryStream(record.ToArray()), Encoding.UTF8);
                ApplyChanges(image, r);
                if (r.BaseStream.Position != r.BaseStream.Length)
                {
                    throw new FormatException("a change record has bytes left over");
                }
            }

            sessionizer.Import(image.ToContent());
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"damaged sessionizer state: {e.Message}", e);
        }
    }

    private static void ApplyChanges(SessionImage image, BinaryReader r)
    {
        int version = image.Version;
        ReadClock(r, version, image);
        image.Appliances = ReadAppliances(r, version);
        int dropped = r.ReadInt32();
        for (int i = 0; i < dropped; i++)
        {
            image.Connections.Remove(r.ReadInt32());
        }

        int connections = r.ReadInt32();
        for (int i = 0; i < connections; i++)
        {
            int id = r.ReadInt32();
            bool inTable = r.ReadBoolean();
            var key = new SessionKey(ApplianceIndex(r.ReadInt32(), image.Appliances.Count), r.ReadInt64());
            var c = ReadConnection(r, version);
            c.InTable = inTable;
            c.TableKey = key;
            image.Connections[id] = c;
        }

        int removed = r.ReadInt32();
        for (int i = 0; i < removed; i++)
        {
            image.Messages.Remove(new SessionKey(ApplianceIndex(r.ReadInt32(), image.Appliances.Count), r.ReadInt64()));
        }

        int messages = r.ReadInt32();
        for (int i = 0; i < messages; i++)
        {
            var key = new SessionKey(ApplianceIndex(r.ReadInt32(), image.Appliances.Count), r.ReadInt64());
            var m = ReadMessage(r, version, out int connection);
            image.Messages[key] = (m, connection);
        }
    }

    private static void WriteClock(RecordWriter record, SessionizerContent s)
    {
        var w = record.Begin();
        w.Write(s.Watermark);
        w.Write(s.PreviousSeconds);
        w.Write(s.NextSweep);
        record.End();
    }

    private static void ReadClock(BinaryReader r, int version, SessionImage image)
    {
        long end = BeginRecord(r, version);
        image.Watermark = r.ReadInt64();
        image.PreviousSeconds = r.ReadInt64();
        image.NextSweep = r.ReadInt64();
        EndRecord(r, end);
    }

    private static void WriteAppliances(BinaryWriter w, RecordWriter record, List<ApplianceState> appliances)
    {
        w.Write(appliances.Count);
        foreach (var a in appliances)
        {
            var f = record.Begin();
            f.Write(a.Name);
            WriteString(f, a.Version);
            WriteString(f, a.SerialNumber);
            WriteLong(f, a.UtcOffsetSeconds);
            f.Write(a.LastSeconds);

            // Added in contract version 2, read only when the record holds it: the open delivery connections.
            f.Write(a.Deliveries.Count);
            foreach (var (dcid, c) in a.Deliveries.Entries)
            {
                f.Write(dcid);
                WriteString(f, c.DestinationIp);
                WriteString(f, c.Tls);
                f.Write(c.LastSeconds);
            }

            record.End();
        }
    }

    private static List<ApplianceState> ReadAppliances(BinaryReader r, int version)
    {
        int count = r.ReadInt32();
        var appliances = new List<ApplianceState>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            long end = BeginRecord(r, version);
            var appliance = new ApplianceState(i, r.ReadString())
            {
                Version = ReadString(r),
                SerialNumber = ReadString(r),
                UtcOffsetSeconds = ReadLong(r),
                LastSeconds = r.ReadInt64(),
            };
            if (HasField(r, end))
            {
                int deliveries = r.ReadInt32();
                for (int d = 0; d < deliveries; d++)
                {
                    long dcid = r.ReadInt64();
                    appliance.Deliveries.Add(dcid, new DeliveryConnection { DestinationIp = ReadString(r), Tls = ReadString(r), LastSeconds = r.ReadInt64() });
                }
            }

            appliances.Add(appliance);
            EndRecord(r, end);
        }

        return appliances;
    }

    /// <summary>Replaces the sessionizer's state with the one written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state this version wrote.</exception>
    public static void Read(Sessionizer sessionizer, Stream source)
    {
        try
        {
            sessionizer.Import(ReadImage(source).ToContent());
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"damaged sessionizer state: {e.Message}", e);
        }
    }

    /// <summary>A state as <see cref="Write"/> wrote it, its connections numbered by their place (from 1) as the journal numbers them.</summary>
    private static SessionImage ReadImage(Stream source)
    {
        if (!source.CanSeek)
        {
            var copy = new MemoryStream();
            source.CopyTo(copy);
            copy.Position = 0;
            source = copy;
        }

        using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        int version = r.ReadInt32() == Magic ? r.ReadInt32() : 0;
        if (version is < FirstVersion or > FormatVersion)
        {
            throw new InvalidDataException("not a sessionizer state of this version");
        }

        var image = new SessionImage { Version = version };
        ReadClock(r, version, image);
        image.Appliances = ReadAppliances(r, version);
        int connections = r.ReadInt32();
        if (connections < 0)
        {
            throw new FormatException($"{connections} connections");
        }

        for (int i = 1; i <= connections; i++)
        {
            image.Connections.Add(i, ReadConnection(r, version));
        }

        int open = r.ReadInt32();
        for (int i = 0; i < open; i++)
        {
            var key = new SessionKey(ApplianceIndex(r.ReadInt32(), image.Appliances.Count), r.ReadInt64());
            var c = image.Connections[r.ReadInt32() + 1];
            c.InTable = true;
            c.TableKey = key;
        }

        int messages = r.ReadInt32();
        for (int i = 0; i < messages; i++)
        {
            var key = new SessionKey(ApplianceIndex(r.ReadInt32(), image.Appliances.Count), r.ReadInt64());
            var m = ReadMessage(r, version, out int connection);
            image.Messages[key] = (m, connection < 0 ? -1 : connection + 1);
        }

        return image;
    }

    private static int ApplianceIndex(int index, int count) =>
        (uint)index < (uint)count ? index : throw new FormatException($"appliance {index} out of range");

    private static void WriteConnection(RecordWriter record, ConnectionState c)
    {
        c.Save(record.Begin());
        record.End();
    }

    private static ConnectionState ReadConnection(BinaryReader r, int version)
    {
        long end = BeginRecord(r, version);
        var c = ConnectionState.Load(r, end);
        EndRecord(r, end);
        return c;
    }

    private static void WriteMessage(RecordWriter record, MessageState m, int connection)
    {
        m.Save(record, record.Begin(), connection);
        record.End();
    }

    private static MessageState ReadMessage(BinaryReader r, int version, out int connection)
    {
        long end = BeginRecord(r, version);
        var m = MessageState.Load(r, version, end, out connection);
        EndRecord(r, end);
        return m;
    }

    /// <summary>Starts reading a record: where it ends (version 2 on), or <see cref="UnframedRecord"/> (version 1).</summary>
    internal static long BeginRecord(BinaryReader r, int version)
    {
        if (version == FirstVersion)
        {
            return UnframedRecord;
        }

        int length = r.ReadInt32();
        long end = r.BaseStream.Position + length;
        if (length < 0 || end > r.BaseStream.Length)
        {
            throw new FormatException($"a record of {length} bytes at byte {r.BaseStream.Position - 4} of {r.BaseStream.Length}");
        }

        return end;
    }

    /// <summary>
    /// True when the record holds one more field: how a field added after version 2 is read (see the remarks above).
    /// Version-1 records hold none.
    /// </summary>
    internal static bool HasField(BinaryReader r, long end) => end != UnframedRecord && r.BaseStream.Position < end;

    /// <summary>Moves past what a newer release wrote after the fields read (version 2 on).</summary>
    internal static void EndRecord(BinaryReader r, long end)
    {
        if (end == UnframedRecord)
        {
            return;
        }

        if (r.BaseStream.Position > end)
        {
            throw new FormatException($"a record read past its end (byte {end})");
        }

        r.BaseStream.Position = end;
    }

    internal static void WriteString(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    internal static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    internal static void WriteLong(BinaryWriter w, long? value)
    {
        w.Write(value.HasValue);
        w.Write(value ?? 0);
    }

    internal static long? ReadLong(BinaryReader r)
    {
        bool has = r.ReadBoolean();
        long value = r.ReadInt64();
        return has ? value : null;
    }

    internal static void WriteLongs(BinaryWriter w, List<long>? values)
    {
        w.Write(values?.Count ?? -1);
        foreach (long value in values ?? [])
        {
            w.Write(value);
        }
    }

    internal static List<long>? ReadLongs(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0)
        {
            return null;
        }

        var values = new List<long>(count);
        for (int i = 0; i < count; i++)
        {
            values.Add(r.ReadInt64());
        }

        return values;
    }
}

/// <summary>A state being read back: connections by journal number, messages naming theirs by it.</summary>
internal sealed class SessionImage
{
    /// <summary>The snapshot's format version, which its change records share.</summary>
    public int Version { get; init; }

    public long Watermark { get; set; }

    public long PreviousSeconds { get; set; }

    public long NextSweep { get; set; }

    public List<ApplianceState> Appliances { get; set; } = [];

    public Dictionary<int, ConnectionState> Connections { get; } = [];

    public Dictionary<SessionKey, (MessageState Message, int Connection)> Messages { get; } = [];

    /// <exception cref="KeyNotFoundException">A message names a connection the state does not hold.</exception>
    public SessionizerContent ToContent()
    {
        var content = new SessionizerContent { Watermark = Watermark, PreviousSeconds = PreviousSeconds, NextSweep = NextSweep, Appliances = Appliances };
        var table = new Dictionary<SessionKey, ConnectionState>();
        foreach (var c in Connections.Values)
        {
            if (c.InTable)
            {
                if (table.TryGetValue(c.TableKey, out var replaced))
                {
                    replaced.InTable = false;
                }

                table[c.TableKey] = c;
            }
        }

        content.Connections.AddRange(table);
        foreach (var (key, (message, connection)) in Messages)
        {
            message.Connection = connection < 0 ? null
                : Connections.TryGetValue(connection, out var c) ? c
                : throw new KeyNotFoundException($"message {key.Id} names connection {connection}, which is not there");
            content.Messages.Add(new(key, message));
        }

        return content;
    }
}

/// <summary>The sessionizer's state between lines, as <see cref="SessionizerState"/> moves it.</summary>
internal sealed class SessionizerContent
{
    public long Watermark { get; init; }

    public long PreviousSeconds { get; init; }

    public long NextSweep { get; init; }

    public List<ApplianceState> Appliances { get; init; } = [];

    public List<KeyValuePair<SessionKey, ConnectionState>> Connections { get; init; } = [];

    public List<KeyValuePair<SessionKey, MessageState>> Messages { get; init; } = [];
}

/// <summary>
/// Writes records behind their length (format version 2): <see cref="Begin"/> gives the writer for the record's fields,
/// <see cref="End"/> puts the length in front of them. Records may nest (a message's recipients); an outermost record
/// goes to the destination when it ends.
/// </summary>
internal sealed class RecordWriter : IDisposable
{
    private readonly BinaryWriter _destination;
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _fields;
    private readonly Stack<int> _starts = new();

    public RecordWriter(BinaryWriter destination)
    {
        _destination = destination;
        _fields = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
    }

    /// <returns>Where the record's fields are written (the same writer for a nested record).</returns>
    public BinaryWriter Begin()
    {
        _starts.Push((int)_buffer.Position);
        _fields.Write(0);
        return _fields;
    }

    public void End()
    {
        int start = _starts.Pop();
        int length = checked((int)_buffer.Position - start - sizeof(int));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetBuffer().AsSpan(start), length);
        if (_starts.Count == 0)
        {
            _destination.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            _buffer.SetLength(0);
        }
    }

    public void Dispose() => _fields.Dispose();
}

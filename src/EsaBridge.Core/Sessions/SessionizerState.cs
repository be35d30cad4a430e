using System.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// Writes and reads everything a <see cref="Sessionizer"/> holds between lines (appliances, open connections, open
/// messages, the ageing clock), so a service can checkpoint it next to the input positions that produced it and
/// resume after a crash as if it had never stopped. Connections shared by several messages stay shared.
/// </summary>
public static class SessionizerState
{
    private const int Magic = 0x45534131; // "ESA1"
    private const int FormatVersion = 1;

    public static void Write(Sessionizer sessionizer, Stream destination)
    {
        using var w = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        var s = sessionizer.Export();
        w.Write(s.Watermark);
        w.Write(s.PreviousSeconds);
        w.Write(s.NextSweep);

        w.Write(s.Appliances.Count);
        foreach (var a in s.Appliances)
        {
            w.Write(a.Name);
            WriteString(w, a.Version);
            WriteString(w, a.SerialNumber);
            WriteLong(w, a.UtcOffsetSeconds);
            w.Write(a.LastSeconds);
        }

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
            WriteConnection(w, c);
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
            WriteMessage(w, m, messageConnections[i]);
        }
    }

    /// <summary>Replaces the sessionizer's state with the one written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state this version wrote.</exception>
    public static void Read(Sessionizer sessionizer, Stream source)
    {
        try
        {
            using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            if (r.ReadInt32() != Magic || r.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("not a sessionizer state of this version");
            }

            var s = new SessionizerContent { Watermark = r.ReadInt64(), PreviousSeconds = r.ReadInt64(), NextSweep = r.ReadInt64() };
            int appliances = r.ReadInt32();
            for (int i = 0; i < appliances; i++)
            {
                s.Appliances.Add(new ApplianceState(i, r.ReadString())
                {
                    Version = ReadString(r),
                    SerialNumber = ReadString(r),
                    UtcOffsetSeconds = ReadLong(r),
                    LastSeconds = r.ReadInt64(),
                });
            }

            var connections = new ConnectionState[r.ReadInt32()];
            for (int i = 0; i < connections.Length; i++)
            {
                connections[i] = ReadConnection(r);
            }

            int open = r.ReadInt32();
            for (int i = 0; i < open; i++)
            {
                var key = new SessionKey(ApplianceIndex(r.ReadInt32(), appliances), r.ReadInt64());
                s.Connections.Add(new(key, connections[r.ReadInt32()]));
            }

            int messages = r.ReadInt32();
            for (int i = 0; i < messages; i++)
            {
                var key = new SessionKey(ApplianceIndex(r.ReadInt32(), appliances), r.ReadInt64());
                s.Messages.Add(new(key, ReadMessage(r, connections)));
            }

            sessionizer.Import(s);
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"damaged sessionizer state: {e.Message}", e);
        }
    }

    private static int ApplianceIndex(int index, int count) =>
        (uint)index < (uint)count ? index : throw new FormatException($"appliance {index} out of range");

    private static void WriteConnection(BinaryWriter w, ConnectionState c)
    {
        WriteString(w, c.Interface);
        WriteString(w, c.ListenerIp);
        WriteString(w, c.SourceIp);
        WriteString(w, c.ReverseDns);
        w.Write(c.ReverseDnsVerified is null ? (byte)2 : c.ReverseDnsVerified.Value ? (byte)1 : (byte)0);
        WriteString(w, c.Policy);
        WriteString(w, c.SenderGroup);
        w.Write(c.Sbrs.HasValue);
        w.Write(c.Sbrs ?? 0);
        WriteString(w, c.SbrsStatus);
        WriteString(w, c.Tls);
        w.Write(c.Lost);
        w.Write(c.LostSeconds);
        w.Write(c.LastSeconds);
    }

    private static ConnectionState ReadConnection(BinaryReader r)
    {
        var c = new ConnectionState
        {
            Interface = ReadString(r),
            ListenerIp = ReadString(r),
            SourceIp = ReadString(r),
            ReverseDns = ReadString(r),
        };
        byte verified = r.ReadByte();
        c.ReverseDnsVerified = verified == 2 ? null : verified == 1;
        c.Policy = ReadString(r);
        c.SenderGroup = ReadString(r);
        bool hasSbrs = r.ReadBoolean();
        double sbrs = r.ReadDouble();
        c.Sbrs = hasSbrs ? sbrs : null;
        c.SbrsStatus = ReadString(r);
        c.Tls = ReadString(r);
        c.Lost = r.ReadBoolean();
        c.LostSeconds = r.ReadInt64();
        c.LastSeconds = r.ReadInt64();
        return c;
    }

    private static void WriteMessage(BinaryWriter w, MessageState m, int connection)
    {
        w.Write(m.Icid);
        w.Write(m.Started);
        w.Write(m.StartSeconds);
        w.Write(m.FirstSeconds);
        w.Write(m.LastActivitySeconds);
        w.Write(m.LastSeenSeconds);
        WriteString(w, m.From.ToStringOrNull());
        w.Write(m.HasRecipients ? m.To!.Count : -1);
        for (int i = 0; m.HasRecipients && i < m.To!.Count; i++)
        {
            w.Write(m.To.Rid(i));
            w.Write(Encoding.UTF8.GetString(m.To.Address(i)));
        }

        WriteString(w, m.MessageId.ToStringOrNull());
        WriteString(w, m.Subject.ToStringOrNull());
        WriteLong(w, m.Size);
        WriteLongs(w, m.Dcids);
        WriteString(w, m.Policy);
        WriteString(w, m.AbortReason.ToStringOrNull());
        w.Write(m.AbortSeconds);
        w.Write(m.IdleSeconds);
        w.Write(m.HasAbort);
        WriteLong(w, m.ParentMid);
        w.Write((byte)m.Derivation);
        WriteLongs(w, m.DerivedMids);
        w.Write(connection);
        WriteString(w, m.LogPath);
    }

    private static MessageState ReadMessage(BinaryReader r, ConnectionState[] connections)
    {
        var m = new MessageState
        {
            Icid = r.ReadInt64(),
            Started = r.ReadBoolean(),
            StartSeconds = r.ReadInt64(),
            FirstSeconds = r.ReadInt64(),
            LastActivitySeconds = r.ReadInt64(),
            LastSeenSeconds = r.ReadInt64(),
        };
        m.From.Set(ReadString(r));
        int recipients = r.ReadInt32();
        for (int i = 0; i < recipients; i++)
        {
            m.Recipients.Add(r.ReadInt64(), r.ReadString());
        }

        m.MessageId.Set(ReadString(r));
        m.Subject.Set(ReadString(r));
        m.Size = ReadLong(r);
        m.Dcids = ReadLongs(r);
        m.Policy = ReadString(r);
        m.AbortReason.Set(ReadString(r));
        m.AbortSeconds = r.ReadInt64();
        m.IdleSeconds = r.ReadInt64();
        m.HasAbort = r.ReadBoolean();
        m.ParentMid = ReadLong(r);
        m.Derivation = (Derivation)r.ReadByte();
        m.DerivedMids = ReadLongs(r);
        int connection = r.ReadInt32();
        m.Connection = connection < 0 ? null : connections[connection];
        m.LogPath = ReadString(r);
        return m;
    }

    private static void WriteString(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteLong(BinaryWriter w, long? value)
    {
        w.Write(value.HasValue);
        w.Write(value ?? 0);
    }

    private static long? ReadLong(BinaryReader r)
    {
        bool has = r.ReadBoolean();
        long value = r.ReadInt64();
        return has ? value : null;
    }

    private static void WriteLongs(BinaryWriter w, List<long>? values)
    {
        w.Write(values?.Count ?? -1);
        foreach (long value in values ?? [])
        {
            w.Write(value);
        }
    }

    private static List<long>? ReadLongs(BinaryReader r)
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

namespace EsaBridge.Bench.Generation;

/// <summary>
/// The appliance's open delivery connections, shared by the messages to one destination as the ESA shares them:
/// a free connection is reused until it has carried <see cref="MaxMessagesPerConnection"/> messages (the
/// appliance's default), a busy one makes the next message open another, and one left idle is closed.
/// </summary>
internal sealed class DeliveryPool
{
    public const int MaxMessagesPerConnection = 50;
    public const int IdleCloseMs = 6_000;

    private readonly Dictionary<int, List<DeliveryConnection>> _open = [];
    private readonly Dictionary<int, uint> _addresses = [];

    /// <summary>Takes a free connection to <paramref name="destination"/>, or opens one (its <c>New SMTP DCID</c> line).</summary>
    public DeliveryConnection Acquire(Simulation simulation, long nowMs, DeliveryDestination destination)
    {
        if (!_open.TryGetValue(destination.Key, out List<DeliveryConnection>? connections))
        {
            connections = [];
            _open[destination.Key] = connections;
        }

        DeliveryConnection? connection = connections.Find(c => !c.Busy && c.Carried < MaxMessagesPerConnection);
        if (connection is null)
        {
            connection = new DeliveryConnection(simulation.Ids.NextDcid(), destination.Key);
            connections.Add(connection);
            WriteOpen(simulation, nowMs, connection, AddressOf(simulation.Random, destination));
        }

        connection.Busy = true;
        connection.Carried++;
        connection.LastUseMs = nowMs;
        return connection;
    }

    /// <summary>Frees the connection after a delivery result; it closes when nobody uses it for a while.</summary>
    public void Release(Simulation simulation, DeliveryConnection connection, long nowMs)
    {
        connection.Busy = false;
        connection.LastUseMs = nowMs;
        long closeAt = connection.Carried >= MaxMessagesPerConnection
            ? nowMs + simulation.Delay(0, 1_000)
            : nowMs + IdleCloseMs;
        simulation.Schedule(new DcidCloseActor(this, connection), closeAt);
    }

    /// <summary>Closes the connection (its <c>DCID d close</c> line) unless it was used again since <paramref name="nowMs"/> was set.</summary>
    public bool TryClose(Simulation simulation, DeliveryConnection connection, long nowMs)
    {
        bool spent = connection.Carried >= MaxMessagesPerConnection;
        if (connection.Closed || connection.Busy || (!spent && nowMs - connection.LastUseMs < IdleCloseMs))
        {
            return false;
        }

        connection.Closed = true;
        _open[connection.Destination].Remove(connection);
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("DCID "u8);
        writer.Append(connection.Dcid);
        writer.Append(" close"u8);
        writer.EndLine();
        return true;
    }

    private uint AddressOf(Random random, DeliveryDestination destination)
    {
        if (!_addresses.TryGetValue(destination.Key, out uint address))
        {
            address = destination.Internal
                ? (10u << 24) | (10u << 16) | (4u << 8) | (uint)(25 + destination.Key)
                : (uint)random.Next(0x17000000, 0x7F000000);
            _addresses[destination.Key] = address;
        }

        return address;
    }

    private static void WriteOpen(Simulation simulation, long nowMs, DeliveryConnection connection, uint address)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("New SMTP DCID "u8);
        writer.Append(connection.Dcid);
        writer.Append(" interface 10.0.0.5 address "u8);
        writer.AppendIp(address);
        writer.Append(" port 25"u8);
        writer.EndLine();
        if (simulation.Random.Next(10) < 7)
        {
            writer.BeginLine(nowMs);
            writer.Append("DCID "u8);
            writer.Append(connection.Dcid);
            writer.Append(" TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"u8);
            writer.EndLine();
        }
    }
}

namespace EsaBridge.Inputs.Syslog;

/// <summary>What a listener has received. Thread-safe.</summary>
internal sealed class SyslogCounters
{
    private long _received;
    private long _queued;
    private long _dropped;
    private long _oversized;
    private long _framingErrors;
    private long _connections;
    private long _rejectedConnections;
    private long _idleClosed;

    /// <summary>Messages taken off the network (datagrams, or TCP frames), empty ones aside.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages (and oversized marks) written to the channel.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>UDP messages lost because the channel was full (TCP waits instead).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>TCP connections closed for a bad octet count or a frame cut by the end of the connection.</summary>
    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>TCP connections refused because <see cref="SyslogOptions.MaxConnections"/> were open.</summary>
    public long RejectedConnections => Interlocked.Read(ref _rejectedConnections);

    /// <summary>TCP connections closed after <see cref="SyslogOptions.TcpIdleTimeout"/> without a byte.</summary>
    public long IdleClosed => Interlocked.Read(ref _idleClosed);

    internal void AddReceived() => Interlocked.Increment(ref _received);

    internal void AddQueued() => Interlocked.Increment(ref _queued);

    internal void AddDropped() => Interlocked.Increment(ref _dropped);

    internal void AddOversized() => Interlocked.Increment(ref _oversized);

    internal void AddFramingError() => Interlocked.Increment(ref _framingErrors);

    internal void AddConnection() => Interlocked.Increment(ref _connections);

    internal void AddRejectedConnection() => Interlocked.Increment(ref _rejectedConnections);

    internal void AddIdleClosed() => Interlocked.Increment(ref _idleClosed);
}

namespace EsaBridge.Inputs.Syslog;

internal sealed record SyslogOptions
{
    /// <summary>Longer messages are dropped and counted (and passed on as an <see cref="SyslogMessage.Oversized"/> mark).</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>TCP connections served at once; more are accepted and closed at once, counted and logged.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>A TCP connection that sends nothing for this long is closed (its slot freed); null: never.</summary>
    public TimeSpan? TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requested kernel receive buffer of the UDP socket, to ride out bursts (capped by net.core.rmem_max
    /// unless the process may exceed it).</summary>
    public int UdpReceiveBufferBytes { get; init; } = 16 << 20;
}

namespace EsaBridge.Inputs.Syslog;

internal sealed record SyslogOptions
{
    /// <summary>Longer messages are dropped and counted (and passed on as an <see cref="SyslogMessage.Oversized"/> mark).</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>TCP connections served at once; more are accepted and closed at once, and counted.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Requested kernel receive buffer of the UDP socket, to ride out bursts (the kernel may cap it).</summary>
    public int UdpReceiveBufferBytes { get; init; } = 4 << 20;
}

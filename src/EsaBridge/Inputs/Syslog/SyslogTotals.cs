namespace EsaBridge.Inputs.Syslog;

/// <summary>What every syslog listener of the service has counted, summed, for /metrics.</summary>
internal sealed record SyslogTotals(
    long KernelDrops,
    long Oversized,
    long FramingErrors,
    long TcpConnections,
    long TcpRejectedConnections,
    long TcpIdleClosed,
    int TcpOpenConnections)
{
    public static SyslogTotals None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}

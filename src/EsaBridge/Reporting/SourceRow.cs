namespace EsaBridge.Reporting;

/// <summary>
/// One sending source as a message's connection logged it: the source IP, its reverse DNS and the sender group
/// together, and how many messages came from that combination. Null parts were not in the log.
/// </summary>
public sealed record SourceRow(string? SourceIp, string? ReverseDns, string? SenderGroup, long Count);

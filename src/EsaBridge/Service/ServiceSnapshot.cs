using EsaBridge.Inputs.Syslog;

namespace EsaBridge.Service;

/// <summary>The service's figures at one moment, for the status line, /metrics and /health.</summary>
internal sealed record ServiceSnapshot(
    long LinesRead,
    long Malformed,
    long Documents,
    int OpenMessages,
    int OpenConnections,
    long SpoolDepthBytes,
    bool Paused,
    bool WaitingForDisk,
    bool Reading,
    long SyslogReceived,
    long SyslogDropped,
    IReadOnlyList<OutputSnapshot> Outputs)
{
    /// <summary>The syslog listeners' other counters.</summary>
    public SyslogTotals Syslog { get; init; } = SyslogTotals.None;

    public static ServiceSnapshot Of(RunService service)
    {
        var ingest = service.Ingest;
        var counters = ingest?.Counters;
        return new ServiceSnapshot(
            counters?.LinesRead ?? 0,
            counters?.Malformed ?? 0,
            counters?.Documents ?? 0,
            ingest?.Sessions.OpenMessages ?? 0,
            ingest?.Sessions.OpenConnections ?? 0,
            ingest?.SpoolDepthBytes ?? 0,
            ingest?.Paused ?? false,
            ingest?.WaitingForDisk ?? false,
            service.Failure is null,
            service.Syslog?.Received ?? 0,
            service.Syslog?.Dropped ?? 0,
            [.. service.Workers.Select(w => new OutputSnapshot(
                w.Name, w.Output.Counters.Sent, w.Output.Counters.Acknowledged, w.Output.Counters.DeadLettered, w.Errors, w.Position))])
        {
            Syslog = service.Syslog?.Totals() ?? SyslogTotals.None,
        };
    }
}

internal sealed record OutputSnapshot(string Name, long Sent, long Acknowledged, long DeadLettered, long Errors, long Position);

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
    IReadOnlyList<OutputSnapshot> Outputs,
    long EvictedMessages = 0,
    long EvictedConnections = 0)
{
    public SyslogTotals Syslog { get; init; } = SyslogTotals.None;

    public static ServiceSnapshot Of(RunService service)
    {
        var ingest = service.Ingest;
        var counters = ingest?.Counters;
        return new ServiceSnapshot(
            counters?.LinesRead ?? 0,
            counters?.Malformed ?? 0,
            counters?.Documents ?? 0,
            ingest?.Sessionizer.OpenMessages ?? 0,
            ingest?.Sessionizer.OpenConnections ?? 0,
            ingest?.SpoolDepthBytes ?? 0,
            ingest?.Paused ?? false,
            ingest?.WaitingForDisk ?? false,
            service.Failure is null,
            service.Syslog?.Received ?? 0,
            service.Syslog?.Dropped ?? 0,
            [.. service.Workers.Select(w => OutputSnapshot.Of(w, service.DegradedAfter))],
            counters?.EvictedMessages ?? 0,
            counters?.EvictedConnections ?? 0)
        {
            Syslog = service.Syslog?.Totals() ?? SyslogTotals.None,
        };
    }

    public IEnumerable<OutputSnapshot> Degraded => Outputs.Where(o => o.Degraded is not null);
}

/// <param name="Degraded">Why the output is degraded, or null when it is not.</param>
internal sealed record OutputSnapshot(
    string Name,
    long Sent,
    long Acknowledged,
    long DeadLettered,
    long Errors,
    long Position,
    double OldestUndeliveredSeconds,
    IReadOnlyList<KeyValuePair<string, long>> FailuresByKind,
    string? Degraded)
{
    public static OutputSnapshot Of(Delivery.OutputWorker worker, TimeSpan degradedAfter)
    {
        var output = worker.Output;
        var waiting = worker.OldestUndelivered;
        return new OutputSnapshot(
            worker.Name,
            output.Counters.Sent,
            output.Counters.Acknowledged,
            output.Counters.DeadLettered,
            worker.Errors,
            worker.Position,
            Math.Round(waiting.TotalSeconds, 1),
            output.Trouble.FailuresByKind,
            DegradedBecause(output.Trouble, waiting, degradedAfter));
    }

    /// <summary>Refused credentials degrade at once; anything else once the oldest document has waited past the threshold.</summary>
    private static string? DegradedBecause(Delivery.DeliveryTrouble trouble, TimeSpan waiting, TimeSpan degradedAfter) =>
        trouble.Refusal ?? (waiting > degradedAfter
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the oldest undelivered document has waited {waiting.TotalSeconds:0} s (--degraded-after {degradedAfter.TotalSeconds:0} s): {trouble.LastFailure ?? "no failure reported, the output is slow"}")
            : null);
}

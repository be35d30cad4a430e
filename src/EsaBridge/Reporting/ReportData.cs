using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>Everything the <c>report</c> view shows, computed once from the session records.</summary>
public sealed record ReportData
{
    public required long ListenerTimeoutSeconds { get; init; }

    public required long ToleranceSeconds { get; init; }

    public required long TotalMessages { get; init; }

    /// <summary>One entry per outcome (done, aborted, incomplete), always all three.</summary>
    public required IReadOnlyList<OutcomeCount> Outcomes { get; init; }

    /// <summary>One entry per class in <see cref="AbortClassNames.All"/> order, always all six.</summary>
    public required IReadOnlyList<ClassCount> Classes { get; init; }

    public required long NearTimeoutTotal { get; init; }

    /// <summary>Idle seconds before the abort, aborted messages only, lowest bin first.</summary>
    public required IReadOnlyList<IdleBin> IdleHistogram { get; init; }

    /// <summary>Top sources for connection_lost, timeout, sender_quit and other, in that order, always all four.</summary>
    public required IReadOnlyList<ClassTops> TopsByClass { get; init; }

    /// <summary>Messages that finished done after a <c>Message aborted</c> line (<c>Dropped by CASE</c>, ...).</summary>
    public required long ContentDrops { get; init; }

    /// <summary>Earliest <c>@timestamp</c> seen, UTC seconds; null when there were no messages.</summary>
    public long? FirstTimestampSeconds { get; init; }

    /// <summary>Latest <c>@timestamp</c> seen, UTC seconds; null when there were no messages.</summary>
    public long? LastTimestampSeconds { get; init; }

    /// <summary>The connections section; null or empty when the run wrote no connection documents (<c>--no-connections</c>).</summary>
    public ConnectionSummary? Connections { get; init; }

    public long Count(MessageOutcome outcome) => Outcomes.First(o => o.Outcome == outcome).Count;

    /// <summary>The classes an aborted message can have (connection_lost, timeout, sender_quit, other).</summary>
    public IEnumerable<ClassCount> AbortClasses => Classes.Where(c => c.Class is not (AbortClass.None or AbortClass.Unknown));

    public ClassCount Class(AbortClass abortClass) => Classes.First(c => c.Class == abortClass);

    public ClassTops Tops(AbortClass abortClass) => TopsByClass.First(t => t.Class == abortClass);
}

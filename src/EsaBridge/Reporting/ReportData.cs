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

    /// <summary>Messages per <c>cisco.esa.disposition</c>, in the contract's order; only the dispositions seen.</summary>
    public IReadOnlyList<ValueCount> Dispositions { get; init; } = [];

    /// <summary>Spam, antivirus, AMP, outbreak and DMARC verdicts, always all five, in that order.</summary>
    public IReadOnlyList<VerdictCounts> Verdicts { get; init; } = [];

    /// <summary>Messages per quarantine entered (<c>spam</c> for the spam quarantine).</summary>
    public TopValues TopQuarantines { get; init; } = new(0, [], 0, 0);

    /// <summary>Bounced recipients per enhanced status code (<c>5.1.1</c>); <see cref="NoStatusCode"/> when none was logged.</summary>
    public TopValues BounceCodes { get; init; } = new(0, [], 0, 0);

    /// <summary>Earliest <c>@timestamp</c> seen, UTC seconds; null when there were no messages.</summary>
    public long? FirstTimestampSeconds { get; init; }

    /// <summary>Latest <c>@timestamp</c> seen, UTC seconds; null when there were no messages.</summary>
    public long? LastTimestampSeconds { get; init; }

    /// <summary>The bounce-code row of recipients whose bounce line carried no <c>x.y.z</c> code.</summary>
    public const string NoStatusCode = "no code";

    /// <summary>True when the records carried any disposition, verdict, quarantine or bounce to summarise.</summary>
    public bool HasStory => Dispositions.Count > 0 || Verdicts.Any(v => v.Messages > 0) || TopQuarantines.Total > 0 || BounceCodes.Total > 0;

    /// <summary>The connections section; null or empty when the run wrote no connection documents (<c>--no-connections</c>).</summary>
    public ConnectionSummary? Connections { get; init; }

    public long Count(MessageOutcome outcome) => Outcomes.First(o => o.Outcome == outcome).Count;

    /// <summary>The classes an aborted message can have (connection_lost, timeout, sender_quit, other).</summary>
    public IEnumerable<ClassCount> AbortClasses => Classes.Where(c => c.Class is not (AbortClass.None or AbortClass.Unknown));

    public ClassCount Class(AbortClass abortClass) => Classes.First(c => c.Class == abortClass);

    public ClassTops Tops(AbortClass abortClass) => TopsByClass.First(t => t.Class == abortClass);
}

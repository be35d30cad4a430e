using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>
/// Accumulates session records into a <see cref="ReportData"/>. Keeps counters only, never the records, so
/// memory depends on the number of distinct sources of aborted messages, not on the input's size.
/// </summary>
public sealed class ReportBuilder
{
    private const int TopCount = 3;

    private static readonly AbortClass[] TrackedClasses =
        [AbortClass.ConnectionLost, AbortClass.Timeout, AbortClass.SenderQuit, AbortClass.Other];

    private static readonly MessageOutcome[] Outcomes =
        [MessageOutcome.Done, MessageOutcome.Aborted, MessageOutcome.Incomplete];

    private readonly long _timeoutSeconds;
    private readonly long _toleranceSeconds;
    private readonly IdleHistogram _idle;
    private readonly Dictionary<MessageOutcome, long> _outcomes = [];
    private readonly Dictionary<AbortClass, (long Count, long NearTimeout)> _classes = [];
    private readonly Dictionary<AbortClass, ClassTally> _tallies;
    private readonly ConnectionTally _connections = new();
    private long _total;
    private long _nearTimeout;
    private long _contentDrops;
    private long? _first;
    private long? _last;

    public ReportBuilder(long listenerTimeoutSeconds, long toleranceSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listenerTimeoutSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceSeconds);
        _timeoutSeconds = listenerTimeoutSeconds;
        _toleranceSeconds = toleranceSeconds;
        _idle = new IdleHistogram(listenerTimeoutSeconds, toleranceSeconds);
        _tallies = TrackedClasses.ToDictionary(c => c, c => new ClassTally(c));
    }

    public void Add(SessionRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        _total++;
        _outcomes[r.Outcome] = _outcomes.GetValueOrDefault(r.Outcome) + 1;
        var (count, near) = _classes.GetValueOrDefault(r.AbortClass);
        _classes[r.AbortClass] = (count + 1, near + (r.NearTimeout ? 1 : 0));
        _nearTimeout += r.NearTimeout ? 1 : 0;
        _first = _first is { } first ? Math.Min(first, r.EndSeconds) : r.EndSeconds;
        _last = _last is { } last ? Math.Max(last, r.EndSeconds) : r.EndSeconds;

        if (r.Outcome == MessageOutcome.Done && !string.IsNullOrEmpty(r.Reason))
        {
            _contentDrops++;
        }

        if (r.Outcome == MessageOutcome.Aborted && r.IdleSeconds is { } idle)
        {
            _idle.Add(idle);
        }

        if (_tallies.TryGetValue(r.AbortClass, out var tally))
        {
            tally.Add(r.Connection);
        }
    }

    /// <summary><c>ICID 0 TCPREFUSE</c> lines the run counted (<see cref="PipelineCounters.RefusedWithoutIcid"/>).</summary>
    public long RefusedWithoutIcid { get; set; }

    public void Add(ConnectionRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        _connections.Add(r);
    }

    public ReportData Build() => new()
    {
        ListenerTimeoutSeconds = _timeoutSeconds,
        ToleranceSeconds = _toleranceSeconds,
        TotalMessages = _total,
        Outcomes = [.. Outcomes.Select(o => new OutcomeCount(o, _outcomes.GetValueOrDefault(o)))],
        Classes =
        [
            .. AbortClassNames.All.Select(c =>
            {
                var (count, near) = _classes.GetValueOrDefault(c);
                return new ClassCount(c, count, near);
            }),
        ],
        NearTimeoutTotal = _nearTimeout,
        IdleHistogram = _idle.Bins(),
        TopsByClass = [.. TrackedClasses.Select(c => _tallies[c].Top(TopCount))],
        ContentDrops = _contentDrops,
        FirstTimestampSeconds = _first,
        LastTimestampSeconds = _last,
        Connections = _connections.Summary(TopCount, RefusedWithoutIcid),
    };
}

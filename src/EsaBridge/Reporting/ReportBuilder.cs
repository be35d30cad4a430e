using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>
/// Accumulates session records into a <see cref="ReportData"/>. Keeps counters only, never the records, so
/// memory depends on the number of distinct sources of aborted messages, not on the input's size.
/// </summary>
public sealed class ReportBuilder
{
    private const int TopCount = 3;

    /// <summary>Rows of the quarantine and bounce-code tables.</summary>
    private const int TopValueCount = 5;

    /// <summary>How a message can leave the appliance, in the contract's order (<c>cisco.esa.disposition</c>).</summary>
    private static readonly string[] DispositionOrder =
        ["delivered", "partially_delivered", "bounced", "dropped", "quarantined", "aborted", "unknown", "incomplete"];

    private static readonly (string Scan, Func<VerdictSnapshot, string?> Value)[] Scans =
    [
        ("spam", v => v.Spam),
        ("antivirus", v => v.Antivirus),
        ("amp", v => v.Amp),
        ("outbreak", v => v.Outbreak),
        ("dmarc", v => v.DmarcResult),
    ];

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
    private readonly ValueTally _dispositions = new();
    private readonly ValueTally[] _verdicts = [.. Scans.Select(_ => new ValueTally())];
    private readonly ValueTally _quarantines = new();
    private readonly ValueTally _bounceCodes = new();
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

        AddStory(r);
    }

    /// <summary>Disposition, verdicts, quarantines and bounces: what became of the message.</summary>
    private void AddStory(SessionRecord r)
    {
        _dispositions.Add(r.Disposition);
        if (r.Verdicts is { } verdicts)
        {
            for (int i = 0; i < Scans.Length; i++)
            {
                _verdicts[i].Add(Scans[i].Value(verdicts));
            }
        }

        foreach (string quarantine in r.Quarantines.Distinct(StringComparer.Ordinal))
        {
            _quarantines.Add(quarantine);
        }

        foreach (var recipient in r.Recipients)
        {
            if (recipient.Status == "bounced")
            {
                _bounceCodes.Add(recipient.StatusCode ?? ReportData.NoStatusCode);
            }
        }
    }

    /// <summary>The contract's order; a value it does not list (none today) goes last.</summary>
    private List<ValueCount> Dispositions() =>
        [.. _dispositions.Ordered().OrderBy(c => Rank(c.Value)).ThenBy(c => c.Value, StringComparer.Ordinal)];

    private static int Rank(string disposition)
    {
        int rank = Array.IndexOf(DispositionOrder, disposition);
        return rank < 0 ? DispositionOrder.Length : rank;
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
        Dispositions = Dispositions(),
        Verdicts = [.. Scans.Select((scan, i) => new VerdictCounts(scan.Scan, _verdicts[i].Total, _verdicts[i].Ordered()))],
        TopQuarantines = TopValues.Of(_quarantines, TopValueCount),
        BounceCodes = TopValues.Of(_bounceCodes, TopValueCount),
        FirstTimestampSeconds = _first,
        LastTimestampSeconds = _last,
        Connections = _connections.Summary(TopCount, RefusedWithoutIcid),
    };
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>The report's connections section: how inbound connections ended, and where the quiet failures came from.</summary>
/// <param name="Endings">One entry per ending, in <see cref="ConnectionEndingNames.All"/> order.</param>
/// <param name="RefusedWithoutIcid"><c>ICID 0 TCPREFUSE</c> lines: refusals before an ICID, which get no document.</param>
/// <param name="QuietTops">Top sources of lost and of timed-out connections that carried no message, in that order.</param>
public sealed record ConnectionSummary(long Total, IReadOnlyList<EndingCount> Endings, long RefusedWithoutIcid, IReadOnlyList<ClassTops> QuietTops);

public sealed record EndingCount(ConnectionEnding Ending, long Count)
{
    public string Name => ConnectionEndingNames.Action(Ending);
}

/// <summary>Counts connection records as they come (<see cref="ReportBuilder.Add(ConnectionRecord)"/>).</summary>
internal sealed class ConnectionTally
{
    private readonly long[] _endings = new long[ConnectionEndingNames.All.Count];
    private readonly ClassTally _lost = new(AbortClass.ConnectionLost);
    private readonly ClassTally _timedOut = new(AbortClass.Timeout);
    private long _total;

    public void Add(ConnectionRecord r)
    {
        _total++;
        _endings[(int)r.Ending]++;
        if (r.Mids.Count > 0)
        {
            return;
        }

        if (r.AbortClass == AbortClass.ConnectionLost)
        {
            _lost.Add(r.Connection);
        }
        else if (r.AbortClass == AbortClass.Timeout)
        {
            _timedOut.Add(r.Connection);
        }
    }

    public ConnectionSummary Summary(int top, long refusedWithoutIcid) => new(
        _total,
        [.. ConnectionEndingNames.All.Select(e => new EndingCount(e, _endings[(int)e]))],
        refusedWithoutIcid,
        [_lost.Top(top), _timedOut.Top(top)]);
}

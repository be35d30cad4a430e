namespace EsaBridge.Bench.Baseline;

/// <summary>What the baseline keeps per MID until its <c>Message finished</c> line.</summary>
internal sealed class BaselineMessage
{
    public BaselineMessage(long mid, DateTime start)
    {
        Mid = mid;
        Start = start;
        LastSeen = start;
    }

    public long Mid { get; }

    public DateTime Start { get; }

    /// <summary>Time of the latest line that named this MID.</summary>
    public DateTime LastSeen { get; set; }

    public long? Icid { get; set; }

    public BaselineConnection? Connection { get; set; }

    public string? From { get; set; }

    public List<string> To { get; } = [];

    public string? Subject { get; set; }

    /// <summary>The text after the MID in <c>Message aborted MID m reason</c>.</summary>
    public string? AbortReason { get; set; }

    public long? IdleSeconds { get; set; }

    /// <summary>True when the ICID had logged <c>lost</c> by the time of the abort.</summary>
    public bool LostAtAbort { get; set; }
}

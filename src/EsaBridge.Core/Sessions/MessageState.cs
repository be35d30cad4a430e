namespace EsaBridge.Core.Sessions;

/// <summary>What the log has said so far about one open message (MID).</summary>
internal sealed class MessageState
{
    public long Icid = -1;
    public bool Started;
    public long StartSeconds;
    public long FirstSeconds;

    /// <summary>Time of this MID's last line before an abort: the base of idle_seconds.</summary>
    public long LastActivitySeconds;

    /// <summary>Time of this MID's last line of any kind: @timestamp of an incomplete document.</summary>
    public long LastSeenSeconds;

    public string? From;
    public List<(long Rid, string Address)>? To;
    public string? MessageId;
    public string? Subject;
    public long? Size;
    public List<long>? Dcids;
    public string? Policy;
    public string? AbortReason;
    public long AbortSeconds;
    public long IdleSeconds;
    public bool HasAbort;
    public long? ParentMid;
    public Parsing.Derivation Derivation;
    public List<long>? DerivedMids;
    public ConnectionState? Connection;
    public string? LogPath;
}

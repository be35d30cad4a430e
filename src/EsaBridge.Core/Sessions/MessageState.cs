namespace EsaBridge.Core.Sessions;

/// <summary>
/// What the log has said so far about one open message (MID). Text stays in the log's UTF-8 bytes; the sessionizer
/// reuses a state once its document is out (<see cref="Reset"/>), so a steady stream of messages allocates little.
/// </summary>
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

    public Utf8Field From;
    public RecipientList? To;
    public Utf8Field MessageId;
    public Utf8Field Subject;
    public long? Size;
    public List<long>? Dcids;
    public string? Policy;
    public Utf8Field AbortReason;
    public long AbortSeconds;
    public long IdleSeconds;
    public bool HasAbort;
    public long? ParentMid;
    public Parsing.Derivation Derivation;
    public List<long>? DerivedMids;
    public ConnectionState? Connection;
    public string? LogPath;

    /// <summary>The journal epoch in which this message was last listed as changed (<see cref="SessionChanges"/>).</summary>
    public long ChangedIn;

    /// <summary>True once a snapshot or journal record holds this message: its end must then be journaled.</summary>
    public bool Journaled;

    private List<long>? _spareDcids;

    /// <summary>The recipients, created on first use and kept (empty) across reuses.</summary>
    public RecipientList Recipients => To ??= new RecipientList();

    public bool HasRecipients => To is { Count: > 0 };

    /// <summary>The DCID list, created on the first delivery (reusing the list of an earlier message).</summary>
    public List<long> DeliveryIds => Dcids ??= _spareDcids ?? [];

    /// <summary>Forgets everything, keeping the arrays for the next message.</summary>
    public void Reset()
    {
        Icid = -1;
        Started = false;
        StartSeconds = FirstSeconds = LastActivitySeconds = LastSeenSeconds = 0;
        From.Clear();
        To?.Clear();
        MessageId.Clear();
        Subject.Clear();
        Size = null;
        if (Dcids is not null)
        {
            Dcids.Clear();
            _spareDcids = Dcids;
            Dcids = null;
        }

        Policy = null;
        AbortReason.Clear();
        AbortSeconds = IdleSeconds = 0;
        HasAbort = false;
        ParentMid = null;
        Derivation = Parsing.Derivation.None;
        DerivedMids = null;
        Connection = null;
        LogPath = null;
        ChangedIn = 0;
        Journaled = false;
    }
}

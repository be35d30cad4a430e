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

    /// <summary>Scan verdicts and filter actions; null until the message's first such line (kept, cleared, on reuse).</summary>
    public VerdictState? Verdicts;

    /// <summary>The journal epoch in which this message was last listed as changed (<see cref="SessionChanges"/>).</summary>
    public long ChangedIn;

    /// <summary>True once a snapshot or journal record holds this message: its end must then be journaled.</summary>
    public bool Journaled;

    private List<long>? _spareDcids;

    /// <summary>The recipients, created on first use and kept (empty) across reuses.</summary>
    public RecipientList Recipients => To ??= new RecipientList();

    public bool HasRecipients => To is { Count: > 0 };

    /// <summary>The verdicts, created on first use.</summary>
    public VerdictState VerdictsOrNew => Verdicts ??= new VerdictState();

    /// <summary>The DCID list, created on the first delivery (reusing the list of an earlier message).</summary>
    public List<long> DeliveryIds => Dcids ??= _spareDcids ?? [];

    /// <summary>Writes the fields a restart must keep (<see cref="SessionizerState"/>'s message record).</summary>
    /// <param name="record">For the recipients, each a record of its own inside this one.</param>
    /// <param name="connection">The number of the message's connection in the saved state, -1 for none.</param>
    /// <remarks>A new field goes last, and <see cref="Load"/> reads it only if the record holds it.</remarks>
    public void Save(RecordWriter record, BinaryWriter w, int connection)
    {
        w.Write(Icid);
        w.Write(Started);
        w.Write(StartSeconds);
        w.Write(FirstSeconds);
        w.Write(LastActivitySeconds);
        w.Write(LastSeenSeconds);
        SessionizerState.WriteString(w, From.ToStringOrNull());
        w.Write(HasRecipients ? To!.Count : -1);
        for (int i = 0; HasRecipients && i < To!.Count; i++)
        {
            record.Begin();
            w.Write(To.Rid(i));
            w.Write(System.Text.Encoding.UTF8.GetString(To.Address(i)));
            record.End();
        }

        SessionizerState.WriteString(w, MessageId.ToStringOrNull());
        SessionizerState.WriteString(w, Subject.ToStringOrNull());
        SessionizerState.WriteLong(w, Size);
        SessionizerState.WriteLongs(w, Dcids);
        SessionizerState.WriteString(w, Policy);
        SessionizerState.WriteString(w, AbortReason.ToStringOrNull());
        w.Write(AbortSeconds);
        w.Write(IdleSeconds);
        w.Write(HasAbort);
        SessionizerState.WriteLong(w, ParentMid);
        w.Write((byte)Derivation);
        SessionizerState.WriteLongs(w, DerivedMids);
        w.Write(connection);
        SessionizerState.WriteString(w, LogPath);
        w.Write(Verdicts is not null);
        Verdicts?.Save(w);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <param name="end">Where the record ends: a field added later is read only if <c>SessionizerState.HasField(r, end)</c>.</param>
    /// <param name="version">The saved state's format version (its recipients have lengths from version 2 on).</param>
    public static MessageState Load(BinaryReader r, int version, long end, out int connection)
    {
        var m = new MessageState
        {
            Icid = r.ReadInt64(),
            Started = r.ReadBoolean(),
            StartSeconds = r.ReadInt64(),
            FirstSeconds = r.ReadInt64(),
            LastActivitySeconds = r.ReadInt64(),
            LastSeenSeconds = r.ReadInt64(),
        };
        m.From.Set(SessionizerState.ReadString(r));
        int recipients = r.ReadInt32();
        for (int i = 0; i < recipients; i++)
        {
            long recipientEnd = SessionizerState.BeginRecord(r, version);
            m.Recipients.Add(r.ReadInt64(), r.ReadString());
            SessionizerState.EndRecord(r, recipientEnd);
        }

        m.MessageId.Set(SessionizerState.ReadString(r));
        m.Subject.Set(SessionizerState.ReadString(r));
        m.Size = SessionizerState.ReadLong(r);
        m.Dcids = SessionizerState.ReadLongs(r);
        m.Policy = SessionizerState.ReadString(r);
        m.AbortReason.Set(SessionizerState.ReadString(r));
        m.AbortSeconds = r.ReadInt64();
        m.IdleSeconds = r.ReadInt64();
        m.HasAbort = r.ReadBoolean();
        m.ParentMid = SessionizerState.ReadLong(r);
        m.Derivation = (Parsing.Derivation)r.ReadByte();
        m.DerivedMids = SessionizerState.ReadLongs(r);
        connection = r.ReadInt32();
        m.LogPath = SessionizerState.ReadString(r);
        if (SessionizerState.HasField(r, end) && r.ReadBoolean())
        {
            m.Verdicts = VerdictState.Load(r);
        }

        return m;
    }

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
        Verdicts?.Clear();
        ChangedIn = 0;
        Journaled = false;
    }
}

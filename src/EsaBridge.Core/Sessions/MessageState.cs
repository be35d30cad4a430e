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

    /// <summary>Recipients refused before a RID (rejected); created on first use.</summary>
    public RecipientList? RejectedTo;

    /// <summary>The quarantines the message entered, in order, each once (<c>spam</c> for the spam quarantine).</summary>
    public List<string>? Quarantines;

    /// <summary>The quarantines holding it now: entered and not released or deleted.</summary>
    public List<string>? HeldBy;

    /// <summary>True once a quarantine deleted it: what it still had not delivered was dropped.</summary>
    public bool DeletedFromQuarantine;

    /// <summary>Decided when the message ends (<see cref="DispositionRules"/>).</summary>
    public Disposition Disposition;

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

    public RecipientList Rejected => RejectedTo ??= new RecipientList();

    /// <summary>A quarantine took the message (<c>quarantined to "Q"</c>, the spam quarantine as <c>spam</c>).</summary>
    public void EnterQuarantine(string name, bool holds)
    {
        Quarantines ??= [];
        if (!Quarantines.Contains(name))
        {
            Quarantines.Add(name);
        }

        if (holds)
        {
            HeldBy ??= [];
            if (!HeldBy.Contains(name))
            {
                HeldBy.Add(name);
            }
        }
    }

    /// <summary>Released or deleted from one quarantine, or (null) from all.</summary>
    public void LeaveQuarantine(string? name, bool deleted)
    {
        if (name is null)
        {
            HeldBy?.Clear();
        }
        else
        {
            HeldBy?.Remove(name);
        }

        DeletedFromQuarantine |= deleted;
    }

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
            SaveDelivery(w, To, i);
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

        // Contract version 2 (behind the record's length: older releases skip them, older records leave them unset).
        int rejected = RejectedTo?.Count ?? 0;
        w.Write(rejected);
        for (int i = 0; i < rejected; i++)
        {
            record.Begin();
            w.Write(System.Text.Encoding.UTF8.GetString(RejectedTo!.Address(i)));
            w.Write(RejectedTo.StatusSeconds(i));
            SessionizerState.WriteString(w, RejectedTo.HasResponse(i) ? System.Text.Encoding.UTF8.GetString(RejectedTo.Response(i)) : null);
            record.End();
        }

        WriteStrings(w, Quarantines);
        WriteStrings(w, HeldBy);
        w.Write(DeletedFromQuarantine);
    }

    /// <summary>A recipient's result, after its RID and address (version 2: read only when the recipient's record holds it).</summary>
    private static void SaveDelivery(BinaryWriter w, RecipientList to, int i)
    {
        w.Write(to.HasAddress(i));
        w.Write((byte)to.Status(i));
        SessionizerState.WriteLong(w, to.Dcid(i));
        w.Write(to.StatusSeconds(i));
        SessionizerState.WriteString(w, to.HasResponse(i) ? System.Text.Encoding.UTF8.GetString(to.Response(i)) : null);
        SessionizerState.WriteString(w, to.HasStatusCode(i) ? System.Text.Encoding.UTF8.GetString(to.StatusCode(i)) : null);
        SessionizerState.WriteString(w, to.DestinationIp(i));
        SessionizerState.WriteString(w, to.Tls(i));
    }

    private static void LoadDelivery(BinaryReader r, RecipientList to, long rid, string address)
    {
        bool hasAddress = r.ReadBoolean();
        if (hasAddress)
        {
            to.Add(rid, address);
        }
        else
        {
            to.AddWithoutAddress(rid);
        }

        var status = (RecipientStatus)r.ReadByte();
        long? dcid = SessionizerState.ReadLong(r);
        long seconds = r.ReadInt64();
        to.Restore(to.Count - 1, status, dcid, seconds, SessionizerState.ReadString(r), SessionizerState.ReadString(r), SessionizerState.ReadString(r), SessionizerState.ReadString(r));
    }

    private static void WriteStrings(BinaryWriter w, List<string>? values)
    {
        w.Write(values?.Count ?? -1);
        foreach (string value in values ?? [])
        {
            w.Write(value);
        }
    }

    private static List<string>? ReadStrings(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0)
        {
            return null;
        }

        var values = new List<string>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            values.Add(r.ReadString());
        }

        return values;
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
            long rid = r.ReadInt64();
            string address = r.ReadString();
            if (SessionizerState.HasField(r, recipientEnd))
            {
                LoadDelivery(r, m.Recipients, rid, address);
            }
            else
            {
                m.Recipients.Add(rid, address);
            }

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

        if (SessionizerState.HasField(r, end))
        {
            int rejected = r.ReadInt32();
            for (int i = 0; i < rejected; i++)
            {
                long rejectedEnd = SessionizerState.BeginRecord(r, version);
                string address = r.ReadString();
                long seconds = r.ReadInt64();
                string? reason = SessionizerState.ReadString(r);
                m.Rejected.AddRejected(System.Text.Encoding.UTF8.GetBytes(address), System.Text.Encoding.UTF8.GetBytes(reason ?? string.Empty), seconds);
                SessionizerState.EndRecord(r, rejectedEnd);
            }

            m.Quarantines = ReadStrings(r);
            m.HeldBy = ReadStrings(r);
            m.DeletedFromQuarantine = r.ReadBoolean();
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
        RejectedTo?.Clear();
        Quarantines = null;
        HeldBy = null;
        DeletedFromQuarantine = false;
        Disposition = Disposition.Open;
        ChangedIn = 0;
        Journaled = false;
    }
}

using System.Buffers.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// One inbound SMTP connection (ICID). Messages keep a reference to it, so it can leave the sessionizer's
/// table at <c>ICID close</c> while its messages are still being delivered. The sessionizer counts those
/// references and reuses the state once the connection is closed and none is left; the source IP and reverse DNS
/// name stay in the log's UTF-8 bytes until someone asks for a string.
/// </summary>
public sealed class ConnectionState
{
    public string? Interface { get; set; }

    public string? ListenerIp { get; set; }

    public string? SourceIp
    {
        get => SourceIpText.ToStringOrNull();
        set => SourceIpText.Set(value);
    }

    public string? ReverseDns
    {
        get => ReverseDnsText.ToStringOrNull();
        set => ReverseDnsText.Set(value);
    }

    public bool? ReverseDnsVerified { get; set; }

    public string? Policy { get; set; }

    public string? SenderGroup { get; set; }

    public double? Sbrs { get; set; }

    public string? SbrsStatus { get; set; }

    public string? Tls { get; set; }

    public string? Country { get; set; }

    public bool Lost { get; set; }

    /// <summary>The cipher of the connection's <c>TLS success</c> line, when it names one.</summary>
    public string? TlsCipher { get; set; }

    /// <summary>The reason of the connection's <c>TLS failed</c> line (<c>unknown</c> when it gives none).</summary>
    public string? TlsFailure { get; set; }

    /// <summary>
    /// True once a line of the connection's own (<c>New SMTP ICID</c>, the HAT policy line, TLS, <c>lost</c>,
    /// <c>close</c>) was read: a connection known only from its messages' lines has no fields, not even
    /// <c>lost: false</c>, since nobody saw whether it was lost.
    /// </summary>
    public bool Observed { get; set; }

    public long LostSeconds { get; set; }

    internal long LastSeconds { get; set; }

    /// <summary>When the connection began: its <c>New SMTP ICID</c> line, else the first of its lines the log holds.</summary>
    internal long FirstSeconds { get; set; }

    /// <summary>
    /// Its last line before <c>lost</c>/<c>close</c> (docs/session-document.md, "Connection documents"): the lines the sender's
    /// commands cause (<c>New SMTP ICID</c>, HAT, TLS, <c>MID m ICID i</c> lines, <c>Start MID</c>) and its messages' <c>ready</c> (end of DATA).
    /// </summary>
    internal long ActivitySeconds { get; set; }

    /// <summary>The HAT rejected it: a <c>REJECT</c>/<c>TCPREFUSE</c> policy line or <c>Delayed HAT REJECT</c>.</summary>
    internal bool HatRejected { get; set; }

    /// <summary>It logged the old listener-timeout line (<c>disconnected ... no messages injected within timeout period</c>).</summary>
    internal bool TimedOut { get; set; }

    /// <summary>Recipients accepted (<c>RID r To:</c>) and refused before a RID on its messages.</summary>
    internal int AcceptedRecipients { get; set; }

    internal int RejectedRecipients { get; set; }

    /// <summary>The MIDs of the messages it carried, in the order they appeared; null until the first.</summary>
    internal List<long>? Mids { get; set; }

    /// <summary>The fields as last published, shared by the connection's messages until a field changes.</summary>
    internal ConnectionSnapshot? Snapshot { get; set; }

    internal Utf8Field SourceIpText;
    internal Utf8Field ReverseDnsText;

    /// <summary>How many open message states, and documents not yet written, link to this connection.</summary>
    internal int Messages { get; set; }

    /// <summary>True while the sessionizer's table holds it (from its first line to <c>ICID close</c>).</summary>
    internal bool InTable { get; set; }

    /// <summary>Its key in the sessionizer's table while <see cref="InTable"/>.</summary>
    internal SessionKey TableKey { get; set; }

    /// <summary>The journal epoch in which this connection was last listed as changed (<see cref="SessionChanges"/>).</summary>
    internal long ChangedIn { get; set; }

    /// <summary>Its number in the session journal; 0 until a snapshot or journal record holds it.</summary>
    internal int JournalId { get; set; }

    /// <summary>Keeps what the connection's opening line says (<see cref="LineKind.NewIcid"/>).</summary>
    internal void TakeNewIcidLine(ReadOnlySpan<byte> line, in ParsedLine p, Utf8StringPool pool)
    {
        Observed = true;
        Interface = p.Interface.IsEmpty ? null : pool.Get(p.Interface.Of(line));
        ListenerIp = p.ListenerIp.IsEmpty ? null : pool.Get(p.ListenerIp.Of(line));
        SourceIpText.Set(p.SourceIp.Of(line));
        if (!p.ReverseDnsHost.IsEmpty)
        {
            var host = p.ReverseDnsHost.Of(line);
            if (!host.SequenceEqual("unknown"u8))
            {
                ReverseDnsText.Set(host);
            }

            ReverseDnsVerified = p.ReverseDnsVerified;
        }
    }

    /// <summary>Keeps the protocol of the connection's <c>TLS success</c> line (<see cref="LineKind.IcidTlsSuccess"/>).</summary>
    internal void TakeTlsLine(ReadOnlySpan<byte> line, in ParsedLine p, Utf8StringPool pool)
    {
        Snapshot = null;
        Observed = true;
        Tls = p.TlsProtocol.IsEmpty ? "unknown" : pool.Get(p.TlsProtocol.Of(line));
        TlsCipher = p.TlsCipher.IsEmpty ? null : pool.Get(p.TlsCipher.Of(line));
    }

    /// <summary>Keeps the reason of the connection's <c>TLS failed</c> line (<see cref="LineKind.IcidTlsFailure"/>).</summary>
    internal void TakeTlsFailureLine(ReadOnlySpan<byte> line, in ParsedLine p, Utf8StringPool pool)
    {
        Snapshot = null;
        Observed = true;
        TlsFailure = p.TlsFailure.IsEmpty ? "unknown" : pool.Get(p.TlsFailure.Of(line));
    }

    /// <summary>Keeps the connection's <c>ICID i lost</c> line (<see cref="LineKind.IcidLost"/>).</summary>
    internal void TakeLostLine(long now)
    {
        Snapshot = null;
        Observed = true;
        Lost = true;
        LostSeconds = now;
    }

    /// <summary>Keeps what the connection's HAT policy line says (<see cref="LineKind.IcidPolicy"/>).</summary>
    internal void TakePolicyLine(ReadOnlySpan<byte> line, in ParsedLine p, Utf8StringPool pool)
    {
        Snapshot = null;
        Observed = true;
        Policy = pool.Get(p.ConnectionPolicy.Of(line));
        HatRejected |= Policy is "REJECT" or "TCPREFUSE";
        SenderGroup = p.SenderGroup.IsEmpty ? null : pool.Get(p.SenderGroup.Of(line));
        Country = p.Country.IsEmpty ? null : pool.Get(p.Country.Of(line));
        if (p.Sbrs.IsEmpty)
        {
            return;
        }

        var sbrs = p.Sbrs.Of(line);
        if (Ascii.TryParseShortDecimal(sbrs, out double score)
            || (Utf8Parser.TryParse(sbrs, out score, out int consumed) && consumed == sbrs.Length && double.IsFinite(score)))
        {
            Sbrs = score;
            SbrsStatus = null;
        }
        else
        {
            Sbrs = null;
            SbrsStatus = pool.Get(sbrs);
        }
    }

    /// <summary>Keeps a <c>Delayed HAT REJECT</c> line (<see cref="LineKind.IcidDelayedReject"/>).</summary>
    internal void TakeDelayedRejectLine()
    {
        Snapshot = null;
        Observed = true;
        HatRejected = true;
    }

    /// <summary>Keeps the old listener-timeout line (<see cref="LineKind.IcidTimedOut"/>).</summary>
    internal void TakeTimedOutLine()
    {
        Snapshot = null;
        Observed = true;
        TimedOut = true;
    }

    /// <summary>A message of this connection appeared.</summary>
    internal void AddMid(long mid)
    {
        Mids ??= [];
        if (!Mids.Contains(mid))
        {
            Mids.Add(mid);
        }
    }

    /// <summary>Writes the fields a restart must keep (<see cref="SessionizerState"/>'s connection record).</summary>
    /// <remarks>A new field goes last, and <see cref="Load"/> reads it only if the record holds it.</remarks>
    internal void Save(BinaryWriter w)
    {
        SessionizerState.WriteString(w, Interface);
        SessionizerState.WriteString(w, ListenerIp);
        SessionizerState.WriteString(w, SourceIp);
        SessionizerState.WriteString(w, ReverseDns);
        w.Write(ReverseDnsVerified is null ? (byte)2 : ReverseDnsVerified.Value ? (byte)1 : (byte)0);
        SessionizerState.WriteString(w, Policy);
        SessionizerState.WriteString(w, SenderGroup);
        w.Write(Sbrs.HasValue);
        w.Write(Sbrs ?? 0);
        SessionizerState.WriteString(w, SbrsStatus);
        SessionizerState.WriteString(w, Tls);
        w.Write(Lost);
        w.Write(LostSeconds);
        w.Write(LastSeconds);
        SessionizerState.WriteString(w, Country);
        w.Write(Observed);
        SessionizerState.WriteString(w, TlsCipher);
        SessionizerState.WriteString(w, TlsFailure);
        w.Write(FirstSeconds);
        w.Write(ActivitySeconds);
        w.Write(HatRejected);
        w.Write(TimedOut);
        w.Write(AcceptedRecipients);
        w.Write(RejectedRecipients);
        w.Write(Mids?.Count ?? 0);
        foreach (long mid in Mids ?? [])
        {
            w.Write(mid);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a field added later only if the record holds it (it ends at <paramref name="end"/>).</summary>
    internal static ConnectionState Load(BinaryReader r, long end)
    {
        var c = new ConnectionState
        {
            Interface = SessionizerState.ReadString(r),
            ListenerIp = SessionizerState.ReadString(r),
            SourceIp = SessionizerState.ReadString(r),
            ReverseDns = SessionizerState.ReadString(r),
        };
        byte verified = r.ReadByte();
        c.ReverseDnsVerified = verified == 2 ? null : verified == 1;
        c.Policy = SessionizerState.ReadString(r);
        c.SenderGroup = SessionizerState.ReadString(r);
        bool hasSbrs = r.ReadBoolean();
        double sbrs = r.ReadDouble();
        c.Sbrs = hasSbrs ? sbrs : null;
        c.SbrsStatus = SessionizerState.ReadString(r);
        c.Tls = SessionizerState.ReadString(r);
        c.Lost = r.ReadBoolean();
        c.LostSeconds = r.ReadInt64();
        c.LastSeconds = r.ReadInt64();
        if (SessionizerState.HasField(r, end))
        {
            c.Country = SessionizerState.ReadString(r);
        }

        // A checkpoint from before Observed was kept: a connection with any field of its own lines was observed.
        c.Observed = SessionizerState.HasField(r, end)
            ? r.ReadBoolean()
            : c.Lost || c.Interface is not null || c.SourceIp is not null || c.Policy is not null || c.Tls is not null || c.Country is not null;
        if (SessionizerState.HasField(r, end))
        {
            c.TlsCipher = SessionizerState.ReadString(r);
            c.TlsFailure = SessionizerState.ReadString(r);
        }

        // A checkpoint from before connection documents: the connection began, and was last active, at its last line.
        if (!SessionizerState.HasField(r, end))
        {
            c.FirstSeconds = c.ActivitySeconds = c.LastSeconds;
            return c;
        }

        c.FirstSeconds = r.ReadInt64();
        c.ActivitySeconds = r.ReadInt64();
        c.HatRejected = r.ReadBoolean();
        c.TimedOut = r.ReadBoolean();
        c.AcceptedRecipients = r.ReadInt32();
        c.RejectedRecipients = r.ReadInt32();
        int mids = r.ReadInt32();
        for (int i = 0; i < mids; i++)
        {
            (c.Mids ??= []).Add(r.ReadInt64());
        }

        return c;
    }

    /// <summary>
    /// Takes every field of <paramref name="other"/> a document reads or a checkpoint keeps, but not its MIDs nor its
    /// place in the sessionizer's table and journal (a frozen copy for a message's document, <c>Sessionizer.Frozen</c>).
    /// </summary>
    internal void CopyFieldsOf(ConnectionState other)
    {
        Interface = other.Interface;
        ListenerIp = other.ListenerIp;
        SourceIpText.CopyFrom(in other.SourceIpText);
        ReverseDnsText.CopyFrom(in other.ReverseDnsText);
        ReverseDnsVerified = other.ReverseDnsVerified;
        Policy = other.Policy;
        SenderGroup = other.SenderGroup;
        Sbrs = other.Sbrs;
        SbrsStatus = other.SbrsStatus;
        Tls = other.Tls;
        Country = other.Country;
        Lost = other.Lost;
        TlsCipher = other.TlsCipher;
        TlsFailure = other.TlsFailure;
        Observed = other.Observed;
        LostSeconds = other.LostSeconds;
        LastSeconds = other.LastSeconds;
        FirstSeconds = other.FirstSeconds;
        ActivitySeconds = other.ActivitySeconds;
        HatRejected = other.HatRejected;
        TimedOut = other.TimedOut;
        AcceptedRecipients = other.AcceptedRecipients;
        RejectedRecipients = other.RejectedRecipients;
    }

    /// <summary>Forgets everything, keeping the arrays for the next connection.</summary>
    internal void Reset()
    {
        Interface = ListenerIp = Policy = SenderGroup = SbrsStatus = Tls = Country = TlsCipher = TlsFailure = null;
        Observed = false;
        SourceIpText.Clear();
        ReverseDnsText.Clear();
        ReverseDnsVerified = null;
        Sbrs = null;
        Lost = false;
        LostSeconds = LastSeconds = FirstSeconds = ActivitySeconds = 0;
        HatRejected = TimedOut = false;
        AcceptedRecipients = RejectedRecipients = 0;
        Mids?.Clear();
        Snapshot = null;
        Messages = 0;
        InTable = false;
        TableKey = default;
        ChangedIn = 0;
        JournalId = 0;
    }
}

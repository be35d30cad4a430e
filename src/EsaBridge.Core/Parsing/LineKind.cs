namespace EsaBridge.Core.Parsing;

/// <summary>
/// What one mail log line is, as far as a session document cares. Each kind's values are the <see cref="ParsedLine"/>
/// properties named in its comment.
/// </summary>
public enum LineKind : byte
{
    /// <summary>Broken input: no header, binary bytes, invalid UTF-8, an unreadable number, a cut shape.</summary>
    Malformed,

    /// <summary>A well-formed line that feeds no document field.</summary>
    NotUsed,

    BeginLogfile,
    EndLogfile,

    /// <summary><c>Version: v SN: s</c>. ApplianceVersion, SerialNumber.</summary>
    Version,

    /// <summary><c>Time offset from UTC: N seconds</c>. UtcOffsetSeconds.</summary>
    TimeOffset,

    /// <summary>Icid; Interface, ListenerIp, SourceIp, ReverseDnsHost, ReverseDnsVerified.</summary>
    NewIcid,

    /// <summary>Icid; ConnectionPolicy (ACCEPT, RELAY, ...), SenderGroup, Sbrs (the SBRS text).</summary>
    IcidPolicy,

    /// <summary>Icid; TlsProtocol (empty on the old form without one), TlsCipher (empty when not logged).</summary>
    IcidTlsSuccess,

    /// <summary>Icid; TlsFailure (<c>TLS failed: reason</c>; empty on the old form without one).</summary>
    IcidTlsFailure,

    IcidLost,
    IcidClose,

    /// <summary>Mid, Icid.</summary>
    StartMid,

    /// <summary>Mid, Icid; Sender (empty for the null sender).</summary>
    MidFrom,

    /// <summary>Mid, Icid; Rid, Recipient.</summary>
    MidTo,

    /// <summary>Mid; MessageId, without quotes or angle brackets.</summary>
    MidMessageId,

    /// <summary>Mid; Subject, without its outer quotes.</summary>
    MidSubject,

    /// <summary>Mid; SizeBytes.</summary>
    MidReady,

    /// <summary>Mid; RecipientPolicy (the per-recipient policy's name).</summary>
    MidPolicy,

    /// <summary>
    /// Mid; Dcid, Delivery (Delivery start, Message done, Bounced, Delayed), Rids (the RID or RID list), StatusCode
    /// and Response (Bounced, Delayed), ExternalQuarantine (Message done ... (external quarantine)).
    /// </summary>
    MidDelivery,

    /// <summary>Mid = the original message, DerivedMid = the derived one, Derivation says how.</summary>
    MidDerived,

    /// <summary>Any other line of a MID: it only moves the message's last-activity time.</summary>
    MidActivity,

    /// <summary>Mid; Verdict says which scan or action line, VerdictValue and VerdictDetail what it says (<see cref="VerdictKind"/>).</summary>
    MidVerdict,

    /// <summary>Mid; AbortReason (<c>Receiving aborted</c>, ...).</summary>
    MessageAborted,

    /// <summary>Mid; FinishedAborted: true when it finished <c>aborted</c>, false for <c>done</c>.</summary>
    MessageFinished,

    /// <summary><c>New SMTP DCID d interface i address a [port p]</c>. Dcid; DestinationIp.</summary>
    NewDcid,

    /// <summary><c>DCID d TLS success [protocol p cipher c]</c>. Dcid; TlsProtocol (empty on the old form).</summary>
    DcidTlsSuccess,

    /// <summary><c>DCID d close</c>. Dcid.</summary>
    DcidClose,

    /// <summary><c>MID m RID [0, 1] Response text</c>. Mid; Rids, Response (without outer quotes).</summary>
    MidResponse,

    /// <summary>A recipient refused before it got a RID (RAT, LDAP accept, bounce verification). Mid, Icid; Recipient, Response (why).</summary>
    MidRecipientRejected,

    /// <summary>A quarantine entered or left. Mid; Quarantine (what happened), QuarantineName (empty for all quarantines or the spam quarantine).</summary>
    MidQuarantine,

    /// <summary><c>ICID i Delayed HAT REJECT continuing session for recipient logging</c>: the HAT rejected the connection. Icid.</summary>
    IcidDelayedReject,

    /// <summary><c>ICID i disconnected address a, no messages injected within timeout period</c> (AsyncOS 4.5): the listener timeout. Icid.</summary>
    IcidTimedOut,
}

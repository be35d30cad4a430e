namespace EsaBridge.Core.Parsing;

/// <summary>What one mail log line is, as far as a session document cares.</summary>
public enum LineKind : byte
{
    /// <summary>Broken input: no header, binary bytes, invalid UTF-8, an unreadable number, a cut shape.</summary>
    Malformed,

    /// <summary>A well-formed line that feeds no document field.</summary>
    NotUsed,

    BeginLogfile,
    EndLogfile,

    /// <summary><c>Version: v SN: s</c>. Text1 = version, Text2 = serial.</summary>
    Version,

    /// <summary><c>Time offset from UTC: N seconds</c>. Number = N.</summary>
    TimeOffset,

    /// <summary>Icid; Text1 = interface name, Text2 = listener IP, Text3 = source IP, Text4 = reverse DNS host; Flag = verified.</summary>
    NewIcid,

    /// <summary>Icid; Text1 = policy (ACCEPT, RELAY, ...), Text2 = sender group, Text3 = SBRS text.</summary>
    IcidPolicy,

    /// <summary>Icid; Text1 = protocol (empty on the old form without one).</summary>
    IcidTlsSuccess,

    IcidLost,
    IcidClose,

    /// <summary>Mid, Icid.</summary>
    StartMid,

    /// <summary>Mid, Icid; Text1 = envelope sender (empty for the null sender).</summary>
    MidFrom,

    /// <summary>Mid, Icid, Number = RID; Text1 = recipient.</summary>
    MidTo,

    /// <summary>Mid; Text1 = the Message-ID without quotes or angle brackets.</summary>
    MidMessageId,

    /// <summary>Mid; Text1 = the subject without its outer quotes.</summary>
    MidSubject,

    /// <summary>Mid; Number = size in bytes.</summary>
    MidReady,

    /// <summary>Mid; Text1 = per-recipient policy name.</summary>
    MidPolicy,

    /// <summary>Mid; Number = DCID (Delivery start, Message done, Bounced, Delayed).</summary>
    MidDelivery,

    /// <summary>Mid = the original message, Number = the derived one, Derivation says how.</summary>
    MidDerived,

    /// <summary>Any other line of a MID: it only moves the message's last-activity time.</summary>
    MidActivity,

    /// <summary>Mid; Text1 = reason (<c>Receiving aborted</c>, ...).</summary>
    MessageAborted,

    /// <summary>Mid; Flag = true when it finished <c>aborted</c>, false for <c>done</c>.</summary>
    MessageFinished,
}

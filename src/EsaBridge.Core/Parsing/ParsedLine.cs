using System.Diagnostics;

namespace EsaBridge.Core.Parsing;

/// <summary>
/// One line, typed. Text fields are ranges into the line's bytes. What a line carries beyond its header depends on
/// its <see cref="Kind"/>: each kind's values are read through the properties named after them (grouped below by
/// kind), which check the kind in debug builds.
/// </summary>
/// <remarks>
/// The kinds share four text slots, one number and one flag rather than each having its own fields: the struct
/// stays 88 bytes, within the two cache lines the sessionizing thread prefetches six lines ahead
/// (src/EsaBridge/Inputs/SessionizingStage.cs; shrinking it to 80 bytes made no difference, docs/PERFORMANCE.md).
/// The parser sets the values before it knows the kind, so only the getters check it.
/// </remarks>
public struct ParsedLine
{
    public LineKind Kind;
    public LogLevel Level;

    /// <summary>True when the line carried a timestamp; headerless lines take the previous line's time.</summary>
    public bool HasTime;

    /// <summary>True when <see cref="Seconds"/> is already UTC (RFC 5424 headers carry their offset).</summary>
    public bool TimeIsUtc;

    /// <summary>Seconds since 1970-01-01 of the wall-clock time written on the line (local unless TimeIsUtc).</summary>
    public long Seconds;

    /// <summary>The syslog header's host (the appliance), empty for file-form lines.</summary>
    public TextRange Host;

    /// <summary>The MID of every <c>Mid*</c> and <c>Message*</c> kind (for <see cref="LineKind.MidDerived"/>, the original).</summary>
    public long Mid;

    /// <summary>The ICID of <c>*Icid*</c> kinds, <see cref="LineKind.StartMid"/>, <see cref="LineKind.MidFrom"/> and <see cref="LineKind.MidTo"/>.</summary>
    public long Icid;

    private long _number;
    private bool _flag;
    private Derivation _derivation;
    private VerdictKind _verdict;
    private byte _event;
    private TextRange _text1;
    private TextRange _text2;
    private TextRange _text3;
    private TextRange _text4;

    // LineKind.Version

    public TextRange ApplianceVersion
    {
        readonly get => Of(LineKind.Version, _text1);
        set => _text1 = value;
    }

    /// <summary>Empty when the line has no <c>SN:</c>.</summary>
    public TextRange SerialNumber
    {
        readonly get => Of(LineKind.Version, _text2);
        set => _text2 = value;
    }

    // LineKind.TimeOffset

    public long UtcOffsetSeconds
    {
        readonly get => Of(LineKind.TimeOffset, _number);
        set => _number = value;
    }

    // LineKind.NewIcid

    public TextRange Interface
    {
        readonly get => Of(LineKind.NewIcid, _text1);
        set => _text1 = value;
    }

    /// <summary>The listener's IP in parentheses after the interface name, empty on the old form without it.</summary>
    public TextRange ListenerIp
    {
        readonly get => Of(LineKind.NewIcid, _text2);
        set => _text2 = value;
    }

    public TextRange SourceIp
    {
        readonly get => Of(LineKind.NewIcid, _text3);
        set => _text3 = value;
    }

    /// <summary>Empty when the line has no <c>reverse dns host</c>; may read <c>unknown</c>.</summary>
    public TextRange ReverseDnsHost
    {
        readonly get => Of(LineKind.NewIcid, _text4);
        set => _text4 = value;
    }

    public bool ReverseDnsVerified
    {
        readonly get => Of(LineKind.NewIcid, _flag);
        set => _flag = value;
    }

    // LineKind.IcidPolicy

    /// <summary>ACCEPT, RELAY, REJECT, TCPREFUSE or CONTINUE.</summary>
    public TextRange ConnectionPolicy
    {
        readonly get => Of(LineKind.IcidPolicy, _text1);
        set => _text1 = value;
    }

    public TextRange SenderGroup
    {
        readonly get => Of(LineKind.IcidPolicy, _text2);
        set => _text2 = value;
    }

    /// <summary>The SBRS text: a score or a word such as <c>not enabled</c>; empty when absent.</summary>
    public TextRange Sbrs
    {
        readonly get => Of(LineKind.IcidPolicy, _text3);
        set => _text3 = value;
    }

    /// <summary>The country name after <c>country</c> at the end of the line (newer versions); empty when absent.</summary>
    public TextRange Country
    {
        readonly get => Of(LineKind.IcidPolicy, _text4);
        set => _text4 = value;
    }

    // LineKind.IcidTlsSuccess, LineKind.DcidTlsSuccess

    /// <summary>Empty on the old form without a protocol.</summary>
    public TextRange TlsProtocol
    {
        readonly get
        {
            Debug.Assert(Kind is LineKind.IcidTlsSuccess or LineKind.DcidTlsSuccess, $"a TLS protocol read from a {Kind} line");
            return _text1;
        }

        set => _text1 = value;
    }

    /// <summary>The cipher after <c>cipher</c>; empty when the line names none.</summary>
    public TextRange TlsCipher
    {
        readonly get => Of(LineKind.IcidTlsSuccess, _text2);
        set => _text2 = value;
    }

    // LineKind.IcidTlsFailure

    /// <summary>The reason after <c>TLS failed:</c>; empty on the old form without one.</summary>
    public TextRange TlsFailure
    {
        readonly get => Of(LineKind.IcidTlsFailure, _text1);
        set => _text1 = value;
    }

    // LineKind.MidFrom

    /// <summary>The envelope sender, empty for the null sender.</summary>
    public TextRange Sender
    {
        readonly get => Of(LineKind.MidFrom, _text1);
        set => _text1 = value;
    }

    // LineKind.MidTo (Recipient also LineKind.MidRecipientRejected)

    public long Rid
    {
        readonly get => Of(LineKind.MidTo, _number);
        set => _number = value;
    }

    /// <summary>Empty for the null recipient <c>&lt;&gt;</c>.</summary>
    public TextRange Recipient
    {
        readonly get
        {
            Debug.Assert(Kind is LineKind.MidTo or LineKind.MidRecipientRejected, $"a recipient read from a {Kind} line");
            return _text1;
        }

        set => _text1 = value;
    }

    // LineKind.MidMessageId

    /// <summary>The Message-ID without quotes or angle brackets.</summary>
    public TextRange MessageId
    {
        readonly get => Of(LineKind.MidMessageId, _text1);
        set => _text1 = value;
    }

    // LineKind.MidSubject

    /// <summary>The subject without its outer quotes.</summary>
    public TextRange Subject
    {
        readonly get => Of(LineKind.MidSubject, _text1);
        set => _text1 = value;
    }

    // LineKind.MidReady

    public long SizeBytes
    {
        readonly get => Of(LineKind.MidReady, _number);
        set => _number = value;
    }

    // LineKind.MidPolicy

    public TextRange RecipientPolicy
    {
        readonly get => Of(LineKind.MidPolicy, _text1);
        set => _text1 = value;
    }

    // LineKind.MidDelivery (Delivery start, Message done, Bounced, Delayed), NewDcid, DcidTlsSuccess, DcidClose

    public long Dcid
    {
        readonly get
        {
            Debug.Assert(Kind is LineKind.MidDelivery or LineKind.NewDcid or LineKind.DcidTlsSuccess or LineKind.DcidClose, $"a DCID read from a {Kind} line");
            return _number;
        }

        set => _number = value;
    }

    public DeliveryEvent Delivery
    {
        readonly get => Of(LineKind.MidDelivery, (DeliveryEvent)_event);
        set => _event = (byte)value;
    }

    /// <summary>The RIDs as logged: <c>[0, 1]</c>, <c>[0]</c> or <c>0</c> (read them with <see cref="RidList"/>); empty when the line names none.</summary>
    public TextRange Rids
    {
        readonly get
        {
            Debug.Assert(Kind is LineKind.MidDelivery or LineKind.MidResponse, $"RIDs read from a {Kind} line");
            return _text2;
        }

        set => _text2 = value;
    }

    /// <summary>The enhanced status code <c>x.y.z</c> of a Bounced or Delayed line; empty when absent.</summary>
    public TextRange StatusCode
    {
        readonly get => Of(LineKind.MidDelivery, _text3);
        set => _text3 = value;
    }

    /// <summary>
    /// The reply or reason: a Bounced or Delayed line's text after its status code, a Response line's text, a rejected
    /// recipient's reason. Empty when absent.
    /// </summary>
    public TextRange Response
    {
        readonly get
        {
            Debug.Assert(Kind is LineKind.MidDelivery or LineKind.MidResponse or LineKind.MidRecipientRejected, $"a response read from a {Kind} line");
            return _text4;
        }

        set => _text4 = value;
    }

    /// <summary>True for <c>Message done ... (external quarantine)</c>: handed to an external spam quarantine.</summary>
    public bool ExternalQuarantine
    {
        readonly get => Of(LineKind.MidDelivery, _flag);
        set => _flag = value;
    }

    // LineKind.NewDcid

    /// <summary>The remote server's address; empty when the line's address is no IP.</summary>
    public TextRange DestinationIp
    {
        readonly get => Of(LineKind.NewDcid, _text2);
        set => _text2 = value;
    }

    // LineKind.MidQuarantine

    public QuarantineEvent Quarantine
    {
        readonly get => Of(LineKind.MidQuarantine, (QuarantineEvent)_event);
        set => _event = (byte)value;
    }

    /// <summary>The quarantine's name without quotes; empty for <c>all quarantines</c> and the spam quarantine.</summary>
    public TextRange QuarantineName
    {
        readonly get => Of(LineKind.MidQuarantine, _text1);
        set => _text1 = value;
    }

    // LineKind.MidDerived: Mid is the original message

    public long DerivedMid
    {
        readonly get => Of(LineKind.MidDerived, _number);
        set => _number = value;
    }

    public Derivation Derivation
    {
        readonly get => Of(LineKind.MidDerived, _derivation);
        set => _derivation = value;
    }

    // LineKind.MidVerdict

    public VerdictKind Verdict
    {
        readonly get => Of(LineKind.MidVerdict, _verdict);
        set => _verdict = value;
    }

    /// <summary>The verdict word(s) as logged, or the name or text the line carries (<see cref="VerdictKind"/>).</summary>
    public TextRange VerdictValue
    {
        readonly get => Of(LineKind.MidVerdict, _text1);
        set => _text1 = value;
    }

    /// <summary>What goes with the value: the engine, the threat, the policy or the domain; empty when the line has none.</summary>
    public TextRange VerdictDetail
    {
        readonly get => Of(LineKind.MidVerdict, _text2);
        set => _text2 = value;
    }

    // LineKind.MessageAborted

    /// <summary><c>Receiving aborted</c>, <c>Receiving aborted by sender</c>, ...; empty when the line gives none.</summary>
    public TextRange AbortReason
    {
        readonly get => Of(LineKind.MessageAborted, _text1);
        set => _text1 = value;
    }

    // LineKind.MessageFinished

    /// <summary>True when it finished <c>aborted</c>, false for <c>done</c>.</summary>
    public bool FinishedAborted
    {
        readonly get => Of(LineKind.MessageFinished, _flag);
        set => _flag = value;
    }

    private readonly T Of<T>(LineKind kind, T value)
    {
        Debug.Assert(Kind == kind, $"a {kind} value read from a {Kind} line");
        return value;
    }
}

using EsaBridge.Core.Sessions;
using static EsaBridge.Core.Documents.SessionFields;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Every field of the connection document (docs/session-document.md, "Connection documents"), declared once, as
/// <see cref="SessionFields"/> declares the session document's. A field both documents have (<c>source.*</c>,
/// <c>destination.ip</c>, <c>related.ip</c>, <c>cisco.esa.connection.*</c>, <c>observer.*</c>, <c>network.*</c>) is the
/// session field itself, declared with one writer for both (<see cref="DocumentField.FromConnection"/>,
/// <see cref="DocumentField.FromObserver"/>, or a <see cref="DocumentField.WriteConnection"/> next to its
/// <see cref="DocumentField.Write"/> where the two differ); the rest are declared here. <see cref="EcsConnectionWriter"/> writes
/// <see cref="All"/> in order; tests compare it with mappings/component/esabridge-connection-mappings.json and the contract.
/// </summary>
public static partial class ConnectionFields
{
    public const string Dataset = "cisco_esa.connection";

    /// <summary>What follows <c>"dataset":"</c> in a connection document: the dataset and its closing quote.</summary>
    internal static ReadOnlySpan<byte> DatasetUtf8 => "cisco_esa.connection\""u8;

    public static readonly DocumentField Timestamp = new("@timestamp", EsType.Date, "end of the connection: its close line, or for incomplete ones its last line")
    { WriteConnection = static (w, in f, _) => Time(w, f.End) };

    public static readonly DocumentField EventId = new("event.id", EsType.Keyword, "hash of appliance, icid, ICID and start (EventIdentity.ForConnection)")
    { WriteConnection = static (w, in _, id) => Plain(w, id) };

    public static readonly DocumentField EventCategory = new("event.category", EsType.Keyword, "constant [network, email]", IsList: true) { ConstantJson = "[\"network\",\"email\"]" };
    public static readonly DocumentField EventType = new("event.type", EsType.Keyword, "constant [connection, end]", IsList: true) { ConstantJson = "[\"connection\",\"end\"]" };
    public static readonly DocumentField EventDataset = new("event.dataset", EsType.Keyword, "constant cisco_esa.connection") { ConstantJson = "\"" + Dataset + "\"" };

    public static readonly DocumentField EventAction = new("event.action", EsType.Keyword, "the ending: connection-closed, connection-lost, connection-timeout, connection-rejected, connection-incomplete")
    { WriteConnection = static (w, in f, _) => Text(w, ConnectionEndingNames.Action(f.Ending), StringSites.ConnectionAction) };

    public static readonly DocumentField EventOutcome = new("event.outcome", EsType.Keyword, "the ending: success, failure, unknown")
    { WriteConnection = static (w, in f, _) => Text(w, ConnectionEndingNames.Outcome(f.Ending), StringSites.ConnectionOutcome) };

    public static readonly DocumentField EventStart = new("event.start", EsType.Date, "connection: New SMTP ICID time, else its first line")
    { WriteConnection = static (w, in f, _) => Time(w, f.Start) };

    public static readonly DocumentField EventEnd = new("event.end", EsType.Date, "same as @timestamp")
    { WriteConnection = static (w, in f, _) => Time(w, f.End) };

    public static readonly DocumentField EventDuration = new("event.duration", EsType.Long, "end - start, nanoseconds")
    { WriteConnection = static (w, in f, _) => Number(w, (f.End - f.Start) * 1_000_000_000L) };

    public static readonly DocumentField Icid = new("cisco.esa.icid", EsType.Long, "the ICID")
    { WriteConnection = static (w, in f, _) => Number(w, f.Icid) };

    public static readonly DocumentField Mids = new("cisco.esa.mids", EsType.Long, "the MIDs of its MID m ICID i lines, in order", IsList: true)
    { WriteConnection = static (w, in f, _) => Numbers(w, f.Connection.Mids) };

    public static readonly DocumentField MessageCount = new("cisco.esa.message_count", EsType.Long, "how many MIDs it carried")
    { WriteConnection = static (w, in f, _) => Number(w, (long)(f.Connection.Mids?.Count ?? 0)) };

    public static readonly DocumentField DurationSeconds = new("cisco.esa.duration_seconds", EsType.Long, "end - start, seconds")
    { WriteConnection = static (w, in f, _) => Number(w, f.End - f.Start) };

    public static readonly DocumentField RejectedRecipients = new("cisco.esa.rejected_recipients", EsType.Long, "recipients refused before a RID (RAT, LDAP accept, bounce verification) on its messages")
    { WriteConnection = static (w, in f, _) => Number(w, (long)f.Connection.RejectedRecipients) };

    public static readonly DocumentField AbortClass = new("cisco.esa.abort.class", EsType.Keyword, "connection_lost, timeout or none (the sessionizer's ClassifyConnection)")
    { WriteConnection = static (w, in f, _) => Text(w, AbortClassNames.Of(f.AbortClass), StringSites.AbortClass) };

    public static readonly DocumentField NearTimeout = new("cisco.esa.abort.near_timeout", EsType.Boolean, "idle before lost/close within the tolerance of the listener timeout")
    { WriteConnection = static (w, in f, _) => Flag(w, f.NearTimeout) };

    public static readonly DocumentField IdleSeconds = new("cisco.esa.abort.idle_seconds", EsType.Long, "from its last active line to lost (or close); absent when incomplete")
    { WriteConnection = static (w, in f, _) => Number(w, f.IdleSeconds) };

    /// <summary>Every field, in the order <see cref="EcsConnectionWriter"/> writes them.</summary>
    public static readonly IReadOnlyList<DocumentField> All =
    [
        Timestamp, EventId, EventKind, EventCategory, EventType, EventModule, EventDataset, EventAction, EventOutcome,
        EventStart, EventEnd, EventDuration, Icid, Mids, MessageCount, DurationSeconds, RejectedRecipients, AbortClass,
        NearTimeout, IdleSeconds, Interface, ReverseDnsVerified, ConnectionPolicy, SenderGroup, Sbrs, SbrsStatus, Tls,
        TlsCipher, TlsFailure, Country, Lost, TlsLabel, SourceIp, SourceDomain, DestinationIp, RelatedIp, ObserverVendor,
        ObserverProduct, ObserverHostname, ObserverSerialNumber, ObserverVersion, NetworkTransport, NetworkProtocol,
        EcsVersion,
    ];

    /// <summary>
    /// The keys of the connection's Splunk event (sourcetype <c>cisco:esa:connection</c>), named after CIM's Network
    /// Sessions/Traffic fields where they have one (<c>src</c>, <c>src_ip</c>, <c>dest</c>, <c>dest_ip</c>,
    /// <c>action</c>, <c>duration</c>, <c>transport</c>, <c>session_id</c>), the session event's names for the rest.
    /// </summary>
    public static readonly IReadOnlyList<SplunkKey> SplunkEvent =
    [
        new("src", SourceIp, SplunkValue.Text),
        new("src_ip", SourceIp, SplunkValue.Text),
        new("dest", DestinationIp, SplunkValue.Text),
        new("dest_ip", DestinationIp, SplunkValue.Text),
        new("action", EventAction, SplunkValue.ConnectionCimAction),
        new("ending", EventAction, SplunkValue.Text),
        new("abort_class", AbortClass, SplunkValue.Text),
        new("near_timeout", NearTimeout, SplunkValue.Flag),
        new("idle_seconds", IdleSeconds, SplunkValue.AsWritten),
        new("duration", DurationSeconds, SplunkValue.AsWritten),
        new("icid", Icid, SplunkValue.AsWritten),
        new("session_id", Icid, SplunkValue.AsWritten),
        new("message_count", MessageCount, SplunkValue.AsWritten),
        new("rejected_recipients", RejectedRecipients, SplunkValue.AsWritten),
        new("policy", ConnectionPolicy, SplunkValue.Text),
        new("sender_group", SenderGroup, SplunkValue.Text),
        new("sbrs", Sbrs, SplunkValue.AsWritten),
        new("tls", Tls, SplunkValue.Text),
        new("country", Country, SplunkValue.Text),
        new("tls_cipher", TlsCipher, SplunkValue.Text),
        new("tls_failure", TlsFailure, SplunkValue.Text),
        new("transport", null, SplunkValue.Constant, "tcp"),
        new("protocol", null, SplunkValue.Constant, "smtp"),
        new("vendor_product", null, SplunkValue.Constant, "Cisco Secure Email Gateway"),
        new("event_id", EventId, SplunkValue.Text),
        new("src_host", SourceDomain, SplunkValue.Text),
        new("internal_message_id", Mids, SplunkValue.AsWritten),
    ];
}

namespace EsaBridge.Core.Documents;

/// <summary>
/// Every field of the session document (docs/session-document.md), declared once: its path, its Elasticsearch type,
/// where its value comes from, and the keys of the Splunk event made from it, in the event's order.
/// <para>
/// <see cref="EcsMessageWriter"/> writes the fields of <see cref="All"/> in this order;
/// <see cref="SplunkEventTranscoder"/> reads the fields by these paths and writes <see cref="SplunkEvent"/> as listed;
/// tests compare <see cref="All"/> with the index template (mappings/component/esabridge-session-mappings.json),
/// with the contract (docs/session-document.md) and with the Splunk app's searches, and the writer's output with
/// <see cref="All"/>.
/// </para>
/// <para>
/// To add a field (for example <c>cisco.esa.connection.country</c>, Splunk key <c>country</c>): declare it below, in
/// the order the writer writes it, and add it to <see cref="All"/> (and a <see cref="SplunkKey"/> to
/// <see cref="SplunkEvent"/> at its place, if Splunk gets it); keep its value in the state it comes from
/// (<c>ConnectionState</c> or <c>MessageState</c>, and the parser that fills it, plus <c>SessionizerState</c> if
/// open sessions must keep it across a restart); write it in <see cref="EcsMessageWriter"/> next to its neighbours;
/// map it in mappings/component/esabridge-session-mappings.json and describe it in docs/session-document.md.
/// </para>
/// </summary>
public static class SessionFields
{
    public static readonly DocumentField Timestamp = new("@timestamp", EsType.Date, "end of the message: its Message finished line, or for incomplete ones its last line");
    public static readonly DocumentField EventId = new("event.id", EsType.Keyword, "hash of appliance, MID and start (EventIdentity)");
    public static readonly DocumentField EventKind = new("event.kind", EsType.Keyword, "constant event");
    public static readonly DocumentField EventCategory = new("event.category", EsType.Keyword, "constant [email]", IsList: true);
    public static readonly DocumentField EventType = new("event.type", EsType.Keyword, "constant [info]", IsList: true);
    public static readonly DocumentField EventModule = new("event.module", EsType.Keyword, "constant cisco_esa");
    public static readonly DocumentField EventDataset = new("event.dataset", EsType.Keyword, "constant cisco_esa.session");
    public static readonly DocumentField EventAction = new("event.action", EsType.Keyword, "the outcome: message-done, message-aborted, message-incomplete");
    public static readonly DocumentField EventOutcome = new("event.outcome", EsType.Keyword, "the outcome: success, failure, unknown");
    public static readonly DocumentField EventReason = new("event.reason", EsType.Keyword, "message: Message aborted reason");
    public static readonly DocumentField EventStart = new("event.start", EsType.Date, "message: Start MID time, else its first line");
    public static readonly DocumentField EventEnd = new("event.end", EsType.Date, "same as @timestamp");
    public static readonly DocumentField EventDuration = new("event.duration", EsType.Long, "end - start, nanoseconds");
    public static readonly DocumentField Mid = new("cisco.esa.mid", EsType.Long, "the MID");
    public static readonly DocumentField Icid = new("cisco.esa.icid", EsType.Long, "message: Start MID ... ICID");
    public static readonly DocumentField DurationSeconds = new("cisco.esa.duration_seconds", EsType.Long, "end - start, seconds");
    public static readonly DocumentField AbortClass = new("cisco.esa.abort.class", EsType.Keyword, "the sessionizer's verdict (AbortClass)");
    public static readonly DocumentField NearTimeout = new("cisco.esa.abort.near_timeout", EsType.Boolean, "the sessionizer's verdict");
    public static readonly DocumentField IdleSeconds = new("cisco.esa.abort.idle_seconds", EsType.Long, "the sessionizer's verdict: idle before the abort");
    public static readonly DocumentField Hint = new("cisco.esa.abort.hint", EsType.MatchOnlyText, "the abort class's hint");
    public static readonly DocumentField Interface = new("cisco.esa.connection.interface", EsType.Keyword, "connection: New SMTP ICID interface");
    public static readonly DocumentField ReverseDnsVerified = new("cisco.esa.connection.reverse_dns_verified", EsType.Boolean, "connection: New SMTP ICID verified");
    public static readonly DocumentField ConnectionPolicy = new("cisco.esa.connection.policy", EsType.Keyword, "connection: HAT policy line");
    public static readonly DocumentField SenderGroup = new("cisco.esa.connection.sender_group", EsType.Keyword, "connection: HAT policy line SG");
    public static readonly DocumentField Sbrs = new("cisco.esa.connection.sbrs", EsType.ScaledFloat, "connection: HAT policy line SBRS, when a number");
    public static readonly DocumentField SbrsStatus = new("cisco.esa.connection.sbrs_status", EsType.Keyword, "connection: HAT policy line SBRS, when not a number");
    public static readonly DocumentField Tls = new("cisco.esa.connection.tls", EsType.Keyword, "connection: TLS success protocol");
    public static readonly DocumentField Lost = new("cisco.esa.connection.lost", EsType.Boolean, "connection: ICID lost");
    public static readonly DocumentField Size = new("cisco.esa.message.size", EsType.Long, "message: ready N bytes");
    public static readonly DocumentField Dcid = new("cisco.esa.dcid", EsType.Long, "message: Delivery start DCID lines", IsList: true);
    public static readonly DocumentField Policy = new("cisco.esa.policy", EsType.Keyword, "message: matched policy");
    public static readonly DocumentField ParentMid = new("cisco.esa.parent_mid", EsType.Long, "message: derivation lines");
    public static readonly DocumentField Derivation = new("cisco.esa.derivation", EsType.Keyword, "message: derivation lines");
    public static readonly DocumentField DerivedMids = new("cisco.esa.derived_mids", EsType.Long, "message: derivation lines", IsList: true);
    public static readonly DocumentField LocalId = new("email.local_id", EsType.Keyword, "the MID as text");
    public static readonly DocumentField From = new("email.from.address", EsType.Keyword, "message: From: line", IsList: true);
    public static readonly DocumentField To = new("email.to.address", EsType.Keyword, "message: RID To: lines, in RID order", IsList: true);
    public static readonly DocumentField MessageId = new("email.message_id", EsType.Wildcard, "message: Message-ID line");
    public static readonly DocumentField Subject = new("email.subject", EsType.Keyword, "message: Subject line");
    public static readonly DocumentField SourceIp = new("source.ip", EsType.Ip, "connection: New SMTP ICID address");
    public static readonly DocumentField SourceDomain = new("source.domain", EsType.Keyword, "connection: New SMTP ICID reverse dns host");
    public static readonly DocumentField DestinationIp = new("destination.ip", EsType.Ip, "connection: the listener's address");
    public static readonly DocumentField RelatedIp = new("related.ip", EsType.Ip, "source.ip and destination.ip", IsList: true);
    public static readonly DocumentField ObserverVendor = new("observer.vendor", EsType.Keyword, "constant Cisco");
    public static readonly DocumentField ObserverProduct = new("observer.product", EsType.Keyword, "constant Secure Email Gateway");
    public static readonly DocumentField ObserverHostname = new("observer.hostname", EsType.Keyword, "appliance: syslog host or --host");
    public static readonly DocumentField ObserverSerialNumber = new("observer.serial_number", EsType.Keyword, "appliance: file header SN");
    public static readonly DocumentField ObserverVersion = new("observer.version", EsType.Keyword, "appliance: file header Version");
    public static readonly DocumentField NetworkTransport = new("network.transport", EsType.Keyword, "constant tcp, when the ICID is above 0");
    public static readonly DocumentField NetworkProtocol = new("network.protocol", EsType.Keyword, "constant smtp, when the ICID is above 0");
    public static readonly DocumentField LogFilePath = new("log.file.path", EsType.Keyword, "the log file's path");
    public static readonly DocumentField EcsVersion = new("ecs.version", EsType.Keyword, "constant EcsMessageWriter.EcsVersion");

    /// <summary>Every field, in the order <see cref="EcsMessageWriter"/> writes them.</summary>
    public static readonly IReadOnlyList<DocumentField> All =
    [
        Timestamp, EventId, EventKind, EventCategory, EventType, EventModule, EventDataset, EventAction, EventOutcome,
        EventReason, EventStart, EventEnd, EventDuration, Mid, Icid, DurationSeconds, AbortClass, NearTimeout,
        IdleSeconds, Hint, Interface, ReverseDnsVerified, ConnectionPolicy, SenderGroup, Sbrs, SbrsStatus, Tls, Lost,
        Size, Dcid, Policy, ParentMid, Derivation, DerivedMids, LocalId, From, To, MessageId, Subject, SourceIp,
        SourceDomain, DestinationIp, RelatedIp, ObserverVendor, ObserverProduct, ObserverHostname, ObserverSerialNumber,
        ObserverVersion, NetworkTransport, NetworkProtocol, LogFilePath, EcsVersion,
    ];

    /// <summary>
    /// The keys of the Splunk event's <c>event</c> object, in their order: small scalar keys first, then addresses and
    /// ids, then the lists, the subject and the free texts. Splunk's search-time JSON extraction
    /// (<c>KV_MODE = json</c>) reads only the first 5,000 bytes of an event (limits.conf <c>[spath]
    /// extraction_cutoff</c>), so a message with hundreds of recipients or a long subject must not push
    /// <c>action</c>, <c>abort_class</c> or <c>near_timeout</c> past it.
    /// </summary>
    public static readonly IReadOnlyList<SplunkKey> SplunkEvent =
    [
        new("src", SourceIp, SplunkValue.Text),
        new("src_ip", SourceIp, SplunkValue.Text),
        new("dest", DestinationIp, SplunkValue.Text),
        new("dest_ip", DestinationIp, SplunkValue.Text),
        new("action", EventAction, SplunkValue.CimAction),
        new("abort_class", AbortClass, SplunkValue.Text),
        new("near_timeout", NearTimeout, SplunkValue.Flag),
        new("idle_seconds", IdleSeconds, SplunkValue.AsWritten),
        new("duration", DurationSeconds, SplunkValue.AsWritten),
        new("internal_message_id", Mid, SplunkValue.AsWritten),
        new("icid", Icid, SplunkValue.AsWritten),
        new("size", Size, SplunkValue.AsWritten),
        new("recipient_count", To, SplunkValue.Count),
        new("sender_group", SenderGroup, SplunkValue.Text),
        new("sbrs", Sbrs, SplunkValue.AsWritten),
        new("tls", Tls, SplunkValue.Text),
        new("protocol", null, SplunkValue.Constant, "smtp"),
        new("vendor_product", null, SplunkValue.Constant, "Cisco Secure Email Gateway"),
        new("event_id", EventId, SplunkValue.Text),
        new("src_host", SourceDomain, SplunkValue.Text),
        new("sender", From, SplunkValue.FirstText),
        new("message_id", MessageId, SplunkValue.Text),
        new("dcid", Dcid, SplunkValue.AsWritten),
        new("recipient", To, SplunkValue.Texts),
        new("subject", Subject, SplunkValue.Text),
        new("reason", EventReason, SplunkValue.Text),
        new("hint", Hint, SplunkValue.Text),
    ];

    /// <summary>Fields of the index template that EsaBridge does not write: Elasticsearch fills them (ingest pipeline, data stream).</summary>
    public static readonly IReadOnlyList<string> AddedByElasticsearch =
    [
        "cisco.esa.sender_domain", "cisco.esa.recipient_domain", "cisco.esa.connection.tls_label", "source.geo.*", "source.as.*",
        "data_stream.*",
    ];
}

/// <summary>One field of the session document: its dotted path, its Elasticsearch type, and where its value comes from.</summary>
/// <param name="IsList">Written as a JSON array (of values of <paramref name="Type"/>).</param>
public sealed record DocumentField(string Path, string Type, string From, bool IsList = false);

/// <summary>A key of the Splunk event, taken from a document field (or a constant).</summary>
public sealed record SplunkKey(string Name, DocumentField? Field, SplunkValue Value, string? Constant = null)
{
    internal byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);

    internal byte[]? ConstantUtf8 { get; } = Constant is null ? null : System.Text.Encoding.UTF8.GetBytes(Constant);
}

/// <summary>How a Splunk key's value is made from its field's ECS value.</summary>
public enum SplunkValue
{
    /// <summary>The field's text, when present.</summary>
    Text,

    /// <summary>The field's JSON (a number or an array of numbers) copied as written, when present.</summary>
    AsWritten,

    /// <summary><c>true</c> or <c>false</c>, always (false when absent).</summary>
    Flag,

    /// <summary>The number of items of the list field, always.</summary>
    Count,

    /// <summary>The first text of the list field, when present.</summary>
    FirstText,

    /// <summary>The texts of the list field, always (an empty list when absent).</summary>
    Texts,

    /// <summary>CIM Email's action of the ECS action: delivered, blocked or unknown, always.</summary>
    CimAction,

    /// <summary>The key's constant, always.</summary>
    Constant,
}

/// <summary>The Elasticsearch types of the session document's fields, as the index template names them.</summary>
public static class EsType
{
    public const string Date = "date";
    public const string Keyword = "keyword";
    public const string Long = "long";
    public const string Boolean = "boolean";
    public const string ScaledFloat = "scaled_float";
    public const string Ip = "ip";
    public const string MatchOnlyText = "match_only_text";
    public const string Wildcard = "wildcard";
}

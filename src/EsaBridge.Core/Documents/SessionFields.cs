using System.Runtime.CompilerServices;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

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
/// To add a field (for example <c>cisco.esa.connection.country</c>, Splunk key <c>country</c>): declare it below with
/// its <see cref="DocumentField.Write"/> (or, for a connection field both document kinds have, its
/// <see cref="DocumentField.FromConnection"/>), in the order of the document, and add it to <see cref="All"/> (and a
/// <see cref="SplunkKey"/> to <see cref="SplunkEvent"/> at its place, if Splunk gets it); keep its value in the state
/// it comes from (a connection's: read by its <c>ConnectionState.Take*Line</c> method from the <c>ParsedLine</c>
/// accessor the parser fills, and kept across a restart by <c>ConnectionState.Save</c>/<c>Load</c>); map it in
/// mappings/component/esabridge-session-mappings.json and describe it in docs/session-document.md.
/// </para>
/// </summary>
public static partial class SessionFields
{
    public static readonly DocumentField Timestamp = new("@timestamp", EsType.Date, "end of the message: its Message finished line, or for incomplete ones its last line")
    { Write = static (w, in f, _) => Time(w, f.End) };

    public static readonly DocumentField EventId = new("event.id", EsType.Keyword, "hash of appliance, MID and start (EventIdentity)")
    { Write = static (w, in _, id) => Plain(w, id) };

    public static readonly DocumentField EventKind = new("event.kind", EsType.Keyword, "constant event") { ConstantJson = "\"event\"" };
    public static readonly DocumentField EventCategory = new("event.category", EsType.Keyword, "constant [email]", IsList: true) { ConstantJson = "[\"email\"]" };
    public static readonly DocumentField EventType = new("event.type", EsType.Keyword, "constant [info]", IsList: true) { ConstantJson = "[\"info\"]" };
    public static readonly DocumentField EventModule = new("event.module", EsType.Keyword, "constant cisco_esa") { ConstantJson = "\"cisco_esa\"" };
    public static readonly DocumentField EventDataset = new("event.dataset", EsType.Keyword, "constant cisco_esa.session") { ConstantJson = "\"cisco_esa.session\"" };

    public static readonly DocumentField EventAction = new("event.action", EsType.Keyword, "the outcome: message-done, message-aborted, message-incomplete")
    { Write = static (w, in f, _) => Text(w, Action(f.Outcome), StringSites.Action) };

    public static readonly DocumentField EventOutcome = new("event.outcome", EsType.Keyword, "the outcome: success, failure, unknown")
    { Write = static (w, in f, _) => Text(w, Outcome(f.Outcome), StringSites.Outcome) };

    public static readonly DocumentField EventReason = new("event.reason", EsType.Keyword, "message: Message aborted reason")
    { Write = static (w, in f, _) => Text(w, in f.Message.AbortReason) };

    public static readonly DocumentField EventStart = new("event.start", EsType.Date, "message: Start MID time, else its first line")
    { Write = static (w, in f, _) => Time(w, f.Start) };

    public static readonly DocumentField EventEnd = new("event.end", EsType.Date, "same as @timestamp")
    { Write = static (w, in f, _) => Time(w, f.End) };

    public static readonly DocumentField EventDuration = new("event.duration", EsType.Long, "end - start, nanoseconds")
    { Write = static (w, in f, _) => Number(w, ElapsedSeconds(in f) * 1_000_000_000L) };

    public static readonly DocumentField Mid = new("cisco.esa.mid", EsType.Long, "the MID")
    { Write = static (w, in f, _) => Number(w, f.Mid) };

    public static readonly DocumentField Icid = new("cisco.esa.icid", EsType.Long, "message: Start MID ... ICID")
    { Write = static (w, in f, _) => f.Message.Icid >= 0 && Number(w, f.Message.Icid) };

    public static readonly DocumentField DurationSeconds = new("cisco.esa.duration_seconds", EsType.Long, "end - start, seconds")
    { Write = static (w, in f, _) => Number(w, ElapsedSeconds(in f)) };

    public static readonly DocumentField Disposition = new("cisco.esa.disposition", EsType.Keyword, "how the message left: delivered, partially_delivered, bounced, dropped, quarantined, aborted, unknown, incomplete (DispositionRules)")
    { Write = static (w, in f, _) => f.Message.Disposition != Sessions.Disposition.Open && Plain(w, DeliveryNames.Of(f.Message.Disposition)) };

    public static readonly DocumentField AbortClass = new("cisco.esa.abort.class", EsType.Keyword, "the sessionizer's verdict (AbortClass)")
    { Write = static (w, in f, _) => Text(w, AbortClassNames.Of(f.AbortClass), StringSites.AbortClass) };

    public static readonly DocumentField NearTimeout = new("cisco.esa.abort.near_timeout", EsType.Boolean, "the sessionizer's verdict")
    { Write = static (w, in f, _) => Flag(w, f.NearTimeout) };

    public static readonly DocumentField IdleSeconds = new("cisco.esa.abort.idle_seconds", EsType.Long, "the sessionizer's verdict: idle before the abort")
    { Write = static (w, in f, _) => Number(w, f.IdleSeconds) };

    public static readonly DocumentField Hint = new("cisco.esa.abort.hint", EsType.MatchOnlyText, "the abort class's hint")
    { Write = static (w, in f, _) => Text(w, AbortClassNames.Hint(f.AbortClass)) };

    public static readonly DocumentField Interface = new("cisco.esa.connection.interface", EsType.Keyword, "connection: New SMTP ICID interface")
    { FromConnection = static (w, c) => Text(w, c.Interface, StringSites.Interface) };

    public static readonly DocumentField ReverseDnsVerified = new("cisco.esa.connection.reverse_dns_verified", EsType.Boolean, "connection: New SMTP ICID verified")
    { FromConnection = static (w, c) => Flag(w, c.ReverseDnsVerified) };

    public static readonly DocumentField ConnectionPolicy = new("cisco.esa.connection.policy", EsType.Keyword, "connection: HAT policy line")
    { FromConnection = static (w, c) => Text(w, c.Policy, StringSites.ConnectionPolicy) };

    public static readonly DocumentField SenderGroup = new("cisco.esa.connection.sender_group", EsType.Keyword, "connection: HAT policy line SG")
    { FromConnection = static (w, c) => Text(w, c.SenderGroup, StringSites.SenderGroup) };

    public static readonly DocumentField Sbrs = new("cisco.esa.connection.sbrs", EsType.ScaledFloat, "connection: HAT policy line SBRS, when a number")
    { FromConnection = static (w, c) => Number(w, c.Sbrs) };

    public static readonly DocumentField SbrsStatus = new("cisco.esa.connection.sbrs_status", EsType.Keyword, "connection: HAT policy line SBRS, when not a number")
    { FromConnection = static (w, c) => Text(w, c.SbrsStatus) };

    public static readonly DocumentField Tls = new("cisco.esa.connection.tls", EsType.Keyword, "connection: TLS success protocol")
    { FromConnection = static (w, c) => Text(w, c.Tls, StringSites.Tls) };

    public static readonly DocumentField TlsCipher = new("cisco.esa.connection.tls_cipher", EsType.Keyword, "connection: TLS success cipher")
    { FromConnection = static (w, c) => Text(w, c.TlsCipher, StringSites.TlsCipher) };

    public static readonly DocumentField TlsFailure = new("cisco.esa.connection.tls_failure", EsType.Keyword, "connection: TLS failed reason")
    { FromConnection = static (w, c) => Text(w, c.TlsFailure) };

    public static readonly DocumentField Country = new("cisco.esa.connection.country", EsType.Keyword, "connection: HAT policy line country")
    { FromConnection = static (w, c) => Text(w, c.Country) };

    public static readonly DocumentField Lost = new("cisco.esa.connection.lost", EsType.Boolean, "connection: ICID lost")
    { FromConnection = static (w, c) => Flag(w, c.Observed ? c.Lost : null) };

    public static readonly DocumentField TlsLabel = new("cisco.esa.connection.tls_label", EsType.Keyword, "connection: the TLS protocol, or none when the log showed the connection (as for lost) and no TLS")
    { FromConnection = static (w, c) => c.Observed && Text(w, c.Tls ?? "none") };

    public static readonly DocumentField Size = new("cisco.esa.message.size", EsType.Long, "message: ready N bytes")
    { Write = static (w, in f, _) => Number(w, f.Message.Size) };

    public static readonly DocumentField Dcid = new("cisco.esa.dcid", EsType.Long, "message: Delivery start DCID lines", IsList: true)
    { Write = static (w, in f, _) => Numbers(w, f.Message.Dcids) };

    public static readonly DocumentField Recipients = new("cisco.esa.recipients", EsType.Object, "message: RID To: lines, their delivery lines (Message done, Bounced, Delayed, Response), the DCID's New SMTP DCID and TLS lines, rejected recipients; RID order, rejected last", IsList: true)
    {
        Write = static (w, in f, _) => RecipientObjects(w, f.Message),
        Properties =
        [
            new("rid", EsType.Long, "the RID; absent for a recipient rejected before it got one"),
            new("address", EsType.Keyword, "RID To: line, or the rejected address"),
            new("status", EsType.Keyword, "delivered, bounced, delayed, dropped, quarantined, rejected, pending"),
            new("dcid", EsType.Long, "the DCID of the line that gave the status"),
            new("response", EsType.Keyword, "the reply (Response line) or the bounce, delay or rejection reason"),
            new("status_code", EsType.Keyword, "the enhanced status code x.y.z"),
            new("destination_ip", EsType.Ip, "the address of the DCID's New SMTP DCID line"),
            new("tls", EsType.Keyword, "the protocol of the DCID's TLS success"),
            new("time", EsType.Date, "time of the line that gave the status"),
        ],
    };

    public static readonly DocumentField Quarantine = new("cisco.esa.quarantine", EsType.Keyword, "message: quarantined to \"Q\" lines, the spam quarantine as spam, in order", IsList: true)
    { Write = static (w, in f, _) => Texts(w, f.Message.Quarantines) };

    public static readonly DocumentField Policy = new("cisco.esa.policy", EsType.Keyword, "message: matched policy")
    { Write = static (w, in f, _) => Text(w, f.Message.Policy, StringSites.Policy) };

    public static readonly DocumentField ParentMid = new("cisco.esa.parent_mid", EsType.Long, "message: derivation lines")
    { Write = static (w, in f, _) => Number(w, f.Message.ParentMid) };

    public static readonly DocumentField Derivation = new("cisco.esa.derivation", EsType.Keyword, "message: derivation lines")
    { Write = static (w, in f, _) => Text(w, DerivationNames.Of(f.Message.Derivation), StringSites.Derivation) };

    public static readonly DocumentField DerivedMids = new("cisco.esa.derived_mids", EsType.Long, "message: derivation lines", IsList: true)
    { Write = static (w, in f, _) => Numbers(w, f.Message.DerivedMids) };

    public static readonly DocumentField SpamVerdict = new("cisco.esa.verdict.spam", EsType.Keyword, "message: using engine: E spam v, else the interim verdict line")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SpamVerdict, StringSites.Spam) };

    public static readonly DocumentField SpamEngine = new("cisco.esa.verdict.spam_engine", EsType.Keyword, "message: the engine of the spam verdict")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SpamVerdictEngine, StringSites.SpamEngine) };

    public static readonly DocumentField GraymailVerdict = new("cisco.esa.verdict.graymail", EsType.Keyword, "message: using engine: GRAYMAIL v")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.Graymail, StringSites.Graymail) };

    public static readonly DocumentField AntivirusVerdict = new("cisco.esa.verdict.antivirus", EsType.Keyword, "message: antivirus v")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.Antivirus, StringSites.Antivirus) };

    public static readonly DocumentField AntivirusThreat = new("cisco.esa.verdict.antivirus_threat", EsType.Keyword, "message: antivirus v 'threat'")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.AntivirusThreat) };

    public static readonly DocumentField AmpVerdict = new("cisco.esa.verdict.amp", EsType.Keyword, "message: AMP file reputation verdict, the worst")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.Amp, StringSites.Amp) };

    public static readonly DocumentField OutbreakVerdict = new("cisco.esa.verdict.outbreak", EsType.Keyword, "message: Outbreak Filters: verdict v")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.Outbreak, StringSites.Outbreak) };

    public static readonly DocumentField OutbreakThreat = new("cisco.esa.verdict.outbreak_threat", EsType.Keyword, "message: Outbreak Filters threat category")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.OutbreakThreat) };

    public static readonly DocumentField DlpVerdict = new("cisco.esa.verdict.dlp", EsType.Keyword, "message: DLP violation / no violation")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.Dlp, StringSites.Dlp) };

    public static readonly DocumentField DlpPolicy = new("cisco.esa.dlp.policy", EsType.Keyword, "message: DLP policy match")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.DlpPolicy) };

    public static readonly DocumentField SpfHelo = new("cisco.esa.spf.helo", EsType.Keyword, "message: SPF: helo identity")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SpfHelo, StringSites.SpfHelo) };

    public static readonly DocumentField SpfMailFrom = new("cisco.esa.spf.mailfrom", EsType.Keyword, "message: SPF: mailfrom identity")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SpfMailFrom, StringSites.SpfMailFrom) };

    public static readonly DocumentField SpfPra = new("cisco.esa.spf.pra", EsType.Keyword, "message: SPF: pra identity")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SpfPra, StringSites.SpfPra) };

    public static readonly DocumentField DkimResult = new("cisco.esa.dkim.result", EsType.Keyword, "message: DKIM: result")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.DkimResult, StringSites.DkimResult) };

    public static readonly DocumentField DkimDomain = new("cisco.esa.dkim.domain", EsType.Keyword, "message: DKIM: d=")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.DkimDomain) };

    public static readonly DocumentField DmarcResult = new("cisco.esa.dmarc.result", EsType.Keyword, "message: DMARC verification lines")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.DmarcResult, StringSites.DmarcResult) };

    public static readonly DocumentField DmarcPolicy = new("cisco.esa.dmarc.policy", EsType.Keyword, "message: DMARC policy, when logged")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.DmarcPolicy, StringSites.DmarcPolicy) };

    public static readonly DocumentField SdrThreatLevel = new("cisco.esa.sdr.threat_level", EsType.Keyword, "message: SDR: Consolidated Sender Threat Level")
    { Write = static (w, in f, _) => Text(w, f.Message.Verdicts?.SdrThreatLevel, StringSites.SdrThreatLevel) };

    public static readonly DocumentField Filters = new("cisco.esa.filters", EsType.Keyword, "message: filters that dropped or bounced it, in order", IsList: true)
    { Write = static (w, in f, _) => Texts(w, f.Message.Verdicts?.Filters) };

    public static readonly DocumentField CustomLog = new("cisco.esa.custom_log", EsType.MatchOnlyText, "message: Custom Log Entry texts", IsList: true)
    { Write = static (w, in f, _) => Texts(w, f.Message.Verdicts?.CustomLog) };

    public static readonly DocumentField LocalId = new("email.local_id", EsType.Keyword, "the MID as text")
    { Write = static (w, in f, _) => NumberAsText(w, f.Mid) };

    public static readonly DocumentField From = new("email.from.address", EsType.Keyword, "message: From: line", IsList: true)
    { Write = static (w, in f, _) => TextAsList(w, in f.Message.From) };

    public static readonly DocumentField To = new("email.to.address", EsType.Keyword, "message: RID To: lines, in RID order", IsList: true)
    { Write = static (w, in f, _) => ToAddresses(w, f.Message) };

    public static readonly DocumentField SenderDomain = new("cisco.esa.sender_domain", EsType.Keyword, "email.from.address: the domain after its last @, ASCII lowercased")
    { Write = static (w, in f, _) => f.Message.From.HasValue && EmailDomains.WriteDomain(w, f.Message.From.Span) };

    public static readonly DocumentField RecipientDomain = new("cisco.esa.recipient_domain", EsType.Keyword, "email.to.address: the distinct domains after their last @, ASCII lowercased, in RID order", IsList: true)
    { Write = static (w, in f, _) => f.Message.HasRecipients && EmailDomains.WriteDistinctDomains(w, f.Message.To!) };

    public static readonly DocumentField MessageId = new("email.message_id", EsType.Wildcard, "message: Message-ID line")
    { Write = static (w, in f, _) => Text(w, in f.Message.MessageId) };

    public static readonly DocumentField Subject = new("email.subject", EsType.Keyword, "message: Subject line")
    { Write = static (w, in f, _) => Text(w, in f.Message.Subject) };

    public static readonly DocumentField AttachmentNames = new("email.attachments.file.name", EsType.Keyword, "message: attachment lines", IsList: true)
    { Write = static (w, in f, _) => Texts(w, f.Message.Verdicts?.Attachments) };

    public static readonly DocumentField SourceIp = new("source.ip", EsType.Ip, "connection: New SMTP ICID address")
    { FromConnection = static (w, c) => Text(w, in c.SourceIpText) };

    public static readonly DocumentField SourceDomain = new("source.domain", EsType.Keyword, "connection: New SMTP ICID reverse dns host")
    { FromConnection = static (w, c) => Text(w, in c.ReverseDnsText) };

    public static readonly DocumentField DestinationIp = new("destination.ip", EsType.Ip, "connection: the listener's address")
    { FromConnection = static (w, c) => Text(w, c.ListenerIp, StringSites.ListenerIp) };

    public static readonly DocumentField RelatedIp = new("related.ip", EsType.Ip, "source.ip and destination.ip", IsList: true)
    { FromConnection = static (w, c) => RelatedAddresses(w, c) };

    public static readonly DocumentField ObserverVendor = new("observer.vendor", EsType.Keyword, "constant Cisco") { ConstantJson = "\"Cisco\"" };
    public static readonly DocumentField ObserverProduct = new("observer.product", EsType.Keyword, "constant Secure Email Gateway") { ConstantJson = "\"Secure Email Gateway\"" };

    public static readonly DocumentField ObserverHostname = new("observer.hostname", EsType.Keyword, "appliance: syslog host or --host")
    { FromObserver = static (w, in o) => o.Appliance.Name.Length > 0 && Text(w, o.Appliance.Name, StringSites.Hostname) };

    public static readonly DocumentField ObserverSerialNumber = new("observer.serial_number", EsType.Keyword, "appliance: file header SN")
    { FromObserver = static (w, in o) => Text(w, o.SerialNumber, StringSites.SerialNumber) };

    public static readonly DocumentField ObserverVersion = new("observer.version", EsType.Keyword, "appliance: file header Version")
    { FromObserver = static (w, in o) => Text(w, o.Version, StringSites.Version) };

    public static readonly DocumentField NetworkTransport = new("network.transport", EsType.Keyword, "constant tcp, when the ICID is above 0")
    {
        Write = static (w, in f, _) => f.Message.Icid > 0 && Json(w, "\"tcp\""u8),
        WriteConnection = static (w, in f, _) => f.Icid > 0 && Json(w, "\"tcp\""u8),
    };

    public static readonly DocumentField NetworkProtocol = new("network.protocol", EsType.Keyword, "constant smtp, when the ICID is above 0")
    {
        Write = static (w, in f, _) => f.Message.Icid > 0 && Json(w, "\"smtp\""u8),
        WriteConnection = static (w, in f, _) => f.Icid > 0 && Json(w, "\"smtp\""u8),
    };

    public static readonly DocumentField LogFilePath = new("log.file.path", EsType.Keyword, "the log file's path")
    { Write = static (w, in f, _) => Text(w, f.Message.LogPath, StringSites.LogPath) };

    public static readonly DocumentField EcsVersion = new("ecs.version", EsType.Keyword, "constant EcsMessageWriter.EcsVersion")
    { ConstantJson = "\"" + EcsMessageWriter.EcsVersion + "\"" };

    /// <summary>Every field, in the order <see cref="EcsMessageWriter"/> writes them.</summary>
    public static readonly IReadOnlyList<DocumentField> All =
    [
        Timestamp, EventId, EventKind, EventCategory, EventType, EventModule, EventDataset, EventAction, EventOutcome,
        EventReason, EventStart, EventEnd, EventDuration, Mid, Icid, DurationSeconds, Disposition, AbortClass, NearTimeout,
        IdleSeconds, Hint, Interface, ReverseDnsVerified, ConnectionPolicy, SenderGroup, Sbrs, SbrsStatus, Tls, TlsCipher, TlsFailure,
        Country, Lost, TlsLabel, Size, Dcid, Recipients, Quarantine, Policy, ParentMid, Derivation, DerivedMids, SenderDomain,
        RecipientDomain, SpamVerdict, SpamEngine, GraymailVerdict, AntivirusVerdict, AntivirusThreat, AmpVerdict, OutbreakVerdict,
        OutbreakThreat, DlpVerdict, DlpPolicy, SpfHelo, SpfMailFrom, SpfPra, DkimResult, DkimDomain, DmarcResult, DmarcPolicy,
        SdrThreatLevel, Filters, CustomLog, LocalId, From, To, MessageId, Subject, AttachmentNames, SourceIp,
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
        new("action", Disposition, SplunkValue.CimAction),
        new("disposition", Disposition, SplunkValue.Text),
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
        new("country", Country, SplunkValue.Text),
        new("spam_verdict", SpamVerdict, SplunkValue.Text),
        new("spam_engine", SpamEngine, SplunkValue.Text),
        new("graymail_verdict", GraymailVerdict, SplunkValue.Text),
        new("av_verdict", AntivirusVerdict, SplunkValue.Text),
        new("amp_verdict", AmpVerdict, SplunkValue.Text),
        new("outbreak_verdict", OutbreakVerdict, SplunkValue.Text),
        new("dlp_verdict", DlpVerdict, SplunkValue.Text),
        new("spf_helo", SpfHelo, SplunkValue.Text),
        new("spf_mailfrom", SpfMailFrom, SplunkValue.Text),
        new("spf_pra", SpfPra, SplunkValue.Text),
        new("dkim", DkimResult, SplunkValue.Text),
        new("dmarc", DmarcResult, SplunkValue.Text),
        new("dmarc_policy", DmarcPolicy, SplunkValue.Text),
        new("sdr_threat_level", SdrThreatLevel, SplunkValue.Text),
        new("tls_cipher", TlsCipher, SplunkValue.Text),
        new("tls_failure", TlsFailure, SplunkValue.Text),
        new("protocol", null, SplunkValue.Constant, "smtp"),
        new("vendor_product", null, SplunkValue.Constant, "Cisco Secure Email Gateway"),
        new("event_id", EventId, SplunkValue.Text),
        new("src_user_domain", SenderDomain, SplunkValue.Text),
        new("src_host", SourceDomain, SplunkValue.Text),
        new("signature", AntivirusThreat, SplunkValue.Text),
        new("outbreak_threat", OutbreakThreat, SplunkValue.Text),
        new("dkim_domain", DkimDomain, SplunkValue.Text),
        new("dlp_policy", DlpPolicy, SplunkValue.Text),
        new("sender", From, SplunkValue.FirstText),
        new("message_id", MessageId, SplunkValue.Text),
        new("dcid", Dcid, SplunkValue.AsWritten),
        new("recipient_domain", RecipientDomain, SplunkValue.Texts),
        new("recipient", To, SplunkValue.Texts),
        new("recipient_status", Recipients, SplunkValue.ListTexts, Property: "status"),
        new("status_code", Recipients, SplunkValue.ListTexts, Property: "status_code"),
        new("delivery_dest_ip", Recipients, SplunkValue.ListTexts, Property: "destination_ip"),
        new("quarantine", Quarantine, SplunkValue.ListTexts),
        new("filter_name", Filters, SplunkValue.TextsWhenPresent),
        new("file_name", AttachmentNames, SplunkValue.TextsWhenPresent),
        new("subject", Subject, SplunkValue.Text),
        new("reason", EventReason, SplunkValue.Text),
        new("hint", Hint, SplunkValue.Text),
        new("custom_log", CustomLog, SplunkValue.TextsWhenPresent),
    ];

    /// <summary>Fields of the index template that EsaBridge does not write: Elasticsearch fills them (ingest pipeline, data stream).</summary>
    public static readonly IReadOnlyList<string> AddedByElasticsearch =
    [
        "source.geo.*", "source.as.*", "data_stream.*",
    ];

    private static string Action(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => "message-done",
        MessageOutcome.Aborted => "message-aborted",
        _ => "message-incomplete",
    };

    private static string Outcome(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => "success",
        MessageOutcome.Aborted => "failure",
        _ => "unknown",
    };

    private static long ElapsedSeconds(in FinishedMessage f) => Math.Max(0, f.End - f.Start);

    // The value writers below write a value and return true, or return false having written nothing. The small ones
    // are inlined into each field's writer: native parse showed Text as a call of its own (1.9 % of the samples).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Json(JsonBytes w, ReadOnlySpan<byte> json)
    {
        w.Raw(json);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Plain(JsonBytes w, ReadOnlySpan<byte> ascii)
    {
        w.Quoted(ascii);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Time(JsonBytes w, long utcSeconds)
    {
        w.Time(utcSeconds);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Number(JsonBytes w, long? value)
    {
        if (value is not long number)
        {
            return false;
        }

        w.Number(number);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Number(JsonBytes w, double? value)
    {
        if (value is not double number)
        {
            return false;
        }

        w.Number(number);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool NumberAsText(JsonBytes w, long value)
    {
        w.Raw((byte)'"');
        w.Number(value);
        w.Raw((byte)'"');
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Flag(JsonBytes w, bool? value)
    {
        if (value is not bool flag)
        {
            return false;
        }

        w.Boolean(flag);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Text(JsonBytes w, string? value)
    {
        if (value is null)
        {
            return false;
        }

        w.String(value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Text(JsonBytes w, string? value, int site)
    {
        if (value is null)
        {
            return false;
        }

        w.String(value, site);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Text(JsonBytes w, in Utf8Field value)
    {
        if (!value.HasValue)
        {
            return false;
        }

        w.String(value.Span);
        return true;
    }

    internal static bool TextAsList(JsonBytes w, in Utf8Field value)
    {
        if (!value.HasValue)
        {
            return false;
        }

        w.Raw((byte)'[');
        w.String(value.Span);
        w.Raw((byte)']');
        return true;
    }

    internal static bool Texts(JsonBytes w, List<string>? values)
    {
        if (values is not { Count: > 0 })
        {
            return false;
        }

        w.Raw((byte)'[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                w.Raw((byte)',');
            }

            w.String(values[i]);
        }

        w.Raw((byte)']');
        return true;
    }

    internal static bool Numbers(JsonBytes w, List<long>? values)
    {
        if (values is not { Count: > 0 })
        {
            return false;
        }

        w.Raw((byte)'[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                w.Raw((byte)',');
            }

            w.Number(values[i]);
        }

        w.Raw((byte)']');
        return true;
    }

    internal static bool ToAddresses(JsonBytes w, MessageState m)
    {
        if (m.To is not { AddressCount: > 0 } to)
        {
            return false;
        }

        to.SortByRid();
        w.Raw((byte)'[');
        bool first = true;
        for (int i = 0; i < to.Count; i++)
        {
            if (to.HasAddress(i))
            {
                if (!first)
                {
                    w.Raw((byte)',');
                }

                w.String(to.Address(i));
                first = false;
            }
        }

        w.Raw((byte)']');
        return true;
    }

    /// <summary>The recipients in RID order, then those rejected before a RID, one object each.</summary>
    internal static bool RecipientObjects(JsonBytes w, MessageState m)
    {
        bool hasAccepted = m.To is { Count: > 0 };
        bool hasRejected = m.RejectedTo is { Count: > 0 };
        if (!hasAccepted && !hasRejected)
        {
            return false;
        }

        w.Raw((byte)'[');
        bool first = true;
        if (hasAccepted)
        {
            m.To!.SortByRid();
            RecipientObjects(w, m.To, ref first);
        }

        if (hasRejected)
        {
            RecipientObjects(w, m.RejectedTo!, ref first);
        }

        w.Raw((byte)']');
        return true;
    }

    /// <remarks>
    /// Names as inline literals (their length known where they are written: one or two moves, no call), the status
    /// with its name from a table, the delivery connection's address and TLS as the strings they share with the other
    /// recipients of the DCID: 1,190 instructions a recipient before (the largest field; docs/PERFORMANCE.md, issue 18).
    /// </remarks>
    private static void RecipientObjects(JsonBytes w, RecipientList list, ref bool first)
    {
        for (int i = 0; i < list.Count; i++)
        {
            long rid = list.Rid(i);
            bool hasAddress = list.HasAddress(i);
            if (!first)
            {
                w.Raw((byte)',');
            }

            first = false;
            if (rid >= 0)
            {
                w.Literal("{\"rid\":"u8);
                w.Number(rid);
                if (hasAddress)
                {
                    w.Literal(",\"address\":"u8);
                    w.String(list.Address(i));
                }
            }
            else if (hasAddress)
            {
                w.Literal("{\"address\":"u8);
                w.String(list.Address(i));
            }
            else
            {
                w.Raw((byte)'{');
            }

            RecipientStatusJson.Write(w, list.Status(i), comma: rid >= 0 || hasAddress);
            if (list.Dcid(i) is long dcid)
            {
                w.Literal(",\"dcid\":"u8);
                w.Number(dcid);
            }

            if (list.HasResponse(i))
            {
                w.Literal(",\"response\":"u8);
                w.String(list.Response(i));
            }

            if (list.HasStatusCode(i))
            {
                w.Literal(",\"status_code\":"u8);
                w.String(list.StatusCode(i));
            }

            if (list.DestinationIp(i) is { } destination)
            {
                w.Literal(",\"destination_ip\":"u8);
                w.String(destination);
            }

            if (list.Tls(i) is { } tls)
            {
                w.Literal(",\"tls\":"u8);
                w.String(tls, StringSites.RecipientTls);
            }

            if (list.StatusSeconds(i) != 0)
            {
                w.Literal(",\"time\":"u8);
                w.Time(list.StatusSeconds(i));
            }

            w.Raw((byte)'}');
        }
    }

    /// <summary><c>,"status":"delivered"</c> and the rest, made once, padded for <see cref="JsonBytes.RawPadded"/>.</summary>
    private static class RecipientStatusJson
    {
        private static readonly byte[][] Json = [.. Enum.GetValues<RecipientStatus>().Select(Make)];

        public static void Write(JsonBytes w, RecipientStatus status, bool comma)
        {
            byte[] json = Json[(int)status];
            int skip = comma ? 0 : 1;
            w.RawPadded(json, skip, json.Length - JsonBytes.PaddedCopy - skip);
        }

        private static byte[] Make(RecipientStatus status, int index)
        {
            if ((int)status != index)
            {
                throw new InvalidOperationException($"{status} is not numbered from 0 in order");
            }

            return JsonBytes.Padded([.. ",\"status\":\""u8, .. DeliveryNames.Of(status), (byte)'"']);
        }
    }

    /// <summary>The source address, then the listener's unless it is the same address.</summary>
    internal static bool RelatedAddresses(JsonBytes w, ConnectionState c)
    {
        bool hasSource = c.SourceIpText.HasValue;
        bool hasListener = c.ListenerIp is not null && !(hasSource && SameText(c.ListenerIp, c.SourceIpText.Span));
        if (!hasSource && c.ListenerIp is null)
        {
            return false;
        }

        w.Raw((byte)'[');
        if (hasSource)
        {
            w.String(c.SourceIpText.Span);
        }

        if (hasListener)
        {
            if (hasSource)
            {
                w.Raw((byte)',');
            }

            w.String(c.ListenerIp!, StringSites.RelatedListenerIp);
        }

        w.Raw((byte)']');
        return true;
    }

    /// <summary>Whether the string is the text of these UTF-8 bytes (as the string decoded from them would be).</summary>
    internal static bool SameText(string text, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Ascii.IsValid(utf8))
        {
            return System.Text.Ascii.Equals(utf8, text);
        }

        return text == System.Text.Encoding.UTF8.GetString(utf8);
    }
}

/// <summary>
/// One field of the session document: its dotted path, its Elasticsearch type, where its value comes from, and how
/// the writers write that value (<see cref="Write"/>, <see cref="WriteConnection"/>, <see cref="FromConnection"/>,
/// <see cref="FromObserver"/>, or <see cref="ConstantJson"/>).
/// </summary>
/// <param name="IsList">Written as a JSON array (of values of <paramref name="Type"/>).</param>
public sealed record DocumentField(string Path, string Type, string From, bool IsList = false)
{
    /// <summary>For an <see cref="EsType.Object"/> field: the properties of its objects (mapped, and named in the contract, as <c>Path.name</c>).</summary>
    public IReadOnlyList<DocumentProperty> Properties { get; init; } = [];

    /// <summary>Writes the field's JSON value for a message, or returns false, having written nothing, when it has none.</summary>
    internal FieldWriter<FinishedMessage>? Write { get; init; }

    /// <summary>The same for a connection document's own field (<see cref="ConnectionFields"/>).</summary>
    internal FieldWriter<FinishedConnection>? WriteConnection { get; init; }

    /// <summary>
    /// Instead of <see cref="Write"/> and <see cref="WriteConnection"/>, for a field both documents take from the
    /// connection: its one writer, given the message's connection (absent when unknown) or the connection itself.
    /// </summary>
    internal ConnectionFieldWriter? FromConnection { get; init; }

    /// <summary>The same for a field both documents take from the appliance (<c>observer.*</c>).</summary>
    internal ObserverFieldWriter? FromObserver { get; init; }

    /// <summary>The JSON value of a field every document has with the same value (instead of a writer).</summary>
    internal string? ConstantJson { get; init; }
}

/// <summary>A property of the objects of an <see cref="EsType.Object"/> field.</summary>
public sealed record DocumentProperty(string Name, string Type, string From);

/// <summary>
/// Writes one field's JSON value (no name) for a finished message and returns true, or returns false having
/// written nothing when the message has no value for it.
/// </summary>
/// <param name="eventId">The message's <c>event.id</c>, computed once by the caller (<see cref="EventIdentity.WriteHex"/>).</param>
internal delegate bool FieldWriter<TSource>(JsonBytes w, in TSource f, ReadOnlySpan<byte> eventId)
    where TSource : struct;

/// <summary>Writes a shared field's JSON value from the document's connection, as <see cref="FieldWriter{TSource}"/> does from its source.</summary>
internal delegate bool ConnectionFieldWriter(JsonBytes w, ConnectionState c);

/// <summary>Writes a shared field's JSON value from the document's appliance.</summary>
internal delegate bool ObserverFieldWriter(JsonBytes w, in ObserverStamp o);

/// <summary>A key of the Splunk event, taken from a document field (or a constant).</summary>
/// <param name="Property">For <see cref="SplunkValue.ListTexts"/> of an object list: the property taken from each object.</param>
public sealed record SplunkKey(string Name, DocumentField? Field, SplunkValue Value, string? Constant = null, string? Property = null)
{
    internal byte[]? PropertyUtf8 { get; } = Property is null ? null : System.Text.Encoding.UTF8.GetBytes(Property);

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

    /// <summary>The texts of the list field, when present (absent, not empty, when the message has none).</summary>
    TextsWhenPresent,

    /// <summary>
    /// CIM Email's action of the disposition: delivered (delivered, partially_delivered), blocked (bounced, dropped,
    /// aborted) or quarantined; absent for unknown and incomplete. A document written before dispositions existed
    /// gives the action of its <c>event.action</c> as it did then (delivered, blocked, unknown).
    /// </summary>
    CimAction,

    /// <summary>The texts of a list field, or of one property of each of its objects (<see cref="SplunkKey.Property"/>), when there is one.</summary>
    ListTexts,

    /// <summary>The key's constant, always.</summary>
    Constant,

    /// <summary>
    /// CIM Network Sessions/Traffic's action of a connection's <c>event.action</c>: blocked (rejected) or teardown
    /// (closed, lost, timeout); absent when incomplete (<see cref="ConnectionEndingNames.CimAction"/>).
    /// </summary>
    ConnectionCimAction,
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

    /// <summary>Plain objects (not <c>nested</c>): their properties are fields of their own (<see cref="DocumentField.Properties"/>).</summary>
    public const string Object = "object";
}

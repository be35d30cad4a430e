using System.Globalization;
using EsaBridge.Core.Sessions;
using static System.FormattableString;

namespace EsaBridge.Tests.Properties;

/// <summary>How a generated message ends.</summary>
public enum GeneratedOutcome
{
    /// <summary>Accepted and delivered: <c>Message finished MID m done</c>.</summary>
    Delivered,

    /// <summary><c>Message aborted MID m Dropped by CASE</c> then <c>Message finished MID m done</c>.</summary>
    ContentDrop,

    /// <summary><c>ICID i lost</c> at or before <c>Message aborted MID m Receiving aborted</c>.</summary>
    ConnectionLost,

    /// <summary><c>Receiving aborted</c> 295-305 s (mostly exactly 300 s) after the message's last line, no <c>lost</c>.</summary>
    ListenerTimeout,

    /// <summary><c>Receiving aborted by sender</c>.</summary>
    SenderQuit,

    /// <summary><c>Receiving aborted</c>, no <c>lost</c>, far from the listener timeout.</summary>
    ReceivingAbortedOther,
}

/// <summary>One line of a session: its time (UTC seconds since 1970) and the text after <c>Info: </c>.</summary>
public readonly record struct SessionLine(long Seconds, string Body);

/// <summary>How a message ends and the seconds between its last line and the abort (or the drop).</summary>
public sealed record OutcomeSpec(GeneratedOutcome Kind, int Gap, int LostLead);

/// <summary>The random content of one message; From is null for the null sender <c>&lt;&gt;</c>.</summary>
/// <remarks>Quote is the quote character around the Message-ID and the subject, or a space for none.</remarks>
public sealed record MessageSpec(string? From, string[] To, string MessageId, string Subject, char Quote, long Size, StorySpec Story);

/// <summary>The random content of the connection's <c>New SMTP ICID</c> and <c>ACCEPT</c> lines.</summary>
public sealed record ConnectionSpec(
    string SourceIp, string ReverseDns, bool Verified, string Interface, string ListenerIp, string Policy, string SenderGroup, string Sbrs);

/// <summary>
/// All random choices of one session. It always carries three messages and two early outcomes; the session's message
/// count (from its <see cref="SetShape"/>) says how many are used. Only the last message of an ICID may end in a
/// reception abort (the connection is over after it); earlier ones are delivered or dropped. With <paramref name="Bare"/>
/// the connection carries no accepted message instead (the messages are not used, but for a RAT-only connection's sender
/// and refused addresses).
/// </summary>
public sealed record SessionSpec(ConnectionSpec Connection, MessageSpec[] Messages, OutcomeSpec[] Early, OutcomeSpec Last, int[] Gaps, BareSpec? Bare = null);

/// <summary>What the document of one generated MID must say.</summary>
public sealed record ExpectedMessage(
    long Mid,
    long Icid,
    GeneratedOutcome Kind,
    AbortClass AbortClass,
    MessageOutcome Outcome,
    string? Reason,
    long? IdleSeconds,
    bool NearTimeout,
    long StartSeconds,
    long EndSeconds,
    string? From,
    IReadOnlyList<string> To,
    string? MessageId,
    string? Subject,
    long? Size,
    IReadOnlyList<long> Dcids,
    bool Lost,
    ExpectedStory Story);

/// <summary>
/// One inbound connection (ICID) with 1-3 messages, as timed lines in log order, and what each of its MIDs must become.
/// Times never go backwards inside a session. A received message has a random subset of verdict lines (some logged
/// again after a rewrite), then is delivered recipient by recipient over the session's two DCIDs (bounces with their
/// codes, delays, delays then delivery), held by a policy or the spam quarantine, or dropped; a RAT-rejected recipient
/// can come with any message. Or one connection without an accepted message (<see cref="BareEnding"/>). Either way
/// the session also says what its connection document must say (none for a refusal before an ICID).
/// </summary>
public sealed class GeneratedSession
{
    private const long ListenerTimeout = 300;
    private const long Tolerance = 5;

    /// <summary>Delivery connections per session, shared by its messages.</summary>
    private const int DeliveryConnections = 2;

    private GeneratedSession(
        long icid, ConnectionSpec connection, IReadOnlyList<SessionLine> lines, IReadOnlyList<ExpectedMessage> messages, ExpectedConnection? document)
    {
        Icid = icid;
        Connection = connection;
        Lines = lines;
        Messages = messages;
        ConnectionDocument = document;
    }

    public long Icid { get; }

    public ConnectionSpec Connection { get; }

    public IReadOnlyList<SessionLine> Lines { get; }

    public IReadOnlyList<ExpectedMessage> Messages { get; }

    /// <summary>The connection's document; null for a connection refused before it got an ICID (counted, not documented).</summary>
    public ExpectedConnection? ConnectionDocument { get; }

    public bool RefusedBeforeIcid => ConnectionDocument is null;

    public static GeneratedSession Build(long icid, long firstMid, int messageCount, long startSeconds, SessionSpec spec)
    {
        if (spec.Bare is { } bare)
        {
            return BuildBare(icid, firstMid, startSeconds, spec, bare);
        }

        var lines = new List<SessionLine>();
        var messages = new List<ExpectedMessage>();
        long t = startSeconds;
        int gapIndex = 0;

        long lastActivity = t;

        // The connection's last active line (the base of its idle_seconds), its lost and close lines.
        long connectionActive = t;
        long? lostAt = null;
        long closeAt = t;
        int accepted = 0;
        int refusedRecipients = 0;

        void Step() => t += spec.Gaps[gapIndex++ % spec.Gaps.Length];
        void Emit(string body) => lines.Add(new SessionLine(t, body));

        // A line of the MID itself: the base of idle_seconds.
        void EmitMid(string body)
        {
            Emit(body);
            lastActivity = t;
        }

        // A line the sender causes on the connection: the base of the connection's idle_seconds.
        void EmitActive(string body)
        {
            EmitMid(body);
            connectionActive = t;
        }

        void EmitClose()
        {
            Emit(Invariant($"ICID {icid} close"));
            closeAt = t;
        }

        var opened = new bool[DeliveryConnections];
        var c = spec.Connection;
        Emit(Invariant($"New SMTP ICID {icid} interface {c.Interface} ({c.ListenerIp}) address {c.SourceIp} reverse dns host {c.ReverseDns} verified {(c.Verified ? "yes" : "no")}"));
        Step();
        Emit(Invariant($"ICID {icid} {c.Policy} SG {c.SenderGroup} match sbrs[-1.0:10.0] SBRS {c.Sbrs}"));
        connectionActive = t;

        for (int j = 0; j < messageCount; j++)
        {
            bool last = j == messageCount - 1;
            var m = spec.Messages[j];
            var outcome = last ? spec.Last : spec.Early[j];
            long mid = firstMid + j;

            Step();
            EmitActive(Invariant($"Start MID {mid} ICID {icid}"));
            long start = t;
            Step();
            EmitActive(Invariant($"MID {mid} ICID {icid} From: <{m.From}>"));
            var story = m.Story;
            var recipients = new RecipientRecord[m.To.Length];
            var dcidsUsed = new List<long>();
            for (int rid = 0; rid < m.To.Length; rid++)
            {
                Step();
                EmitActive(Invariant($"MID {mid} ICID {icid} RID {rid} To: <{m.To[rid]}>"));
                accepted++;
                recipients[rid] = new RecipientRecord(rid, m.To[rid], "pending");
            }

            RecipientRecord? rejected = null;
            if (story.RatRejected is { } refused)
            {
                Step();
                EmitActive(Invariant($"MID {mid} ICID {icid} To: <{refused}> Rejected by RAT"));
                refusedRecipients++;
                rejected = new RecipientRecord(null, refused, "rejected", Response: "Rejected by RAT", TimeSeconds: t);
            }

            bool received = outcome.Kind is GeneratedOutcome.Delivered or GeneratedOutcome.ContentDrop;
            if (received)
            {
                Step();
                EmitMid(Invariant($"MID {mid} Message-ID {Quoted(m.Quote, "<" + m.MessageId + ">")}"));
                Step();
                EmitMid(Invariant($"MID {mid} Subject {Quoted(m.Quote, m.Subject)}"));
                Step();
                EmitActive(Invariant($"MID {mid} ready {m.Size} bytes from <{m.From}>"));
                EmitVerdicts(story.Verdicts);
                if (last)
                {
                    // The client quits once its last message is accepted; delivery goes on after the close.
                    Step();
                    EmitClose();
                }
            }

            string? reason = null;
            long? idle = null;
            bool near = false;
            bool lost = false;
            AbortClass abortClass;
            MessageOutcome result;
            var quarantines = new List<string>();
            string disposition;
            switch (outcome.Kind)
            {
                case GeneratedOutcome.Delivered:
                    Step();
                    EmitMid(Invariant($"MID {mid} queued for delivery"));
                    disposition = story.End switch
                    {
                        StoryEnd.PolicyQuarantine => Hold("Policy", Invariant($"MID {mid} quarantined to \"Policy\" (message filter:policy_violation)")),
                        StoryEnd.SpamQuarantine => Hold("spam", Invariant($"ISQ: Quarantined MID {mid}")),
                        _ => Deliver(),
                    };
                    Step();
                    Emit(Invariant($"Message finished MID {mid} done"));
                    abortClass = AbortClass.None;
                    result = MessageOutcome.Done;
                    break;
                case GeneratedOutcome.ContentDrop:
                    Step();
                    EmitMid(Invariant($"MID {mid} interim verdict using engine: CASE spam positive"));
                    t += outcome.Gap;
                    Emit(Invariant($"Message aborted MID {mid} Dropped by CASE"));
                    Step();
                    Emit(Invariant($"Message finished MID {mid} done"));
                    abortClass = AbortClass.None;
                    result = MessageOutcome.Done;
                    reason = "Dropped by CASE";
                    Resolve("dropped");
                    disposition = "dropped";
                    break;
                case GeneratedOutcome.ConnectionLost:
                    long abortAt = lastActivity + outcome.Gap;
                    t = abortAt - Math.Min(outcome.LostLead, outcome.Gap);
                    Emit(Invariant($"ICID {icid} lost"));
                    lostAt = t;
                    t = abortAt;
                    EmitReceivingAbort("Receiving aborted");
                    abortClass = AbortClass.ConnectionLost;
                    result = MessageOutcome.Aborted;
                    reason = "Receiving aborted";
                    idle = outcome.Gap;
                    near = Math.Abs(outcome.Gap - ListenerTimeout) <= Tolerance;
                    lost = true;
                    disposition = "aborted";
                    break;
                case GeneratedOutcome.ListenerTimeout:
                case GeneratedOutcome.ReceivingAbortedOther:
                    t = lastActivity + outcome.Gap;
                    EmitReceivingAbort("Receiving aborted");
                    bool timeout = outcome.Kind == GeneratedOutcome.ListenerTimeout;
                    abortClass = timeout ? AbortClass.Timeout : AbortClass.Other;
                    result = MessageOutcome.Aborted;
                    reason = "Receiving aborted";
                    idle = outcome.Gap;
                    near = timeout;
                    disposition = "aborted";
                    break;
                default:
                    t = lastActivity + outcome.Gap;
                    EmitReceivingAbort("Receiving aborted by sender");
                    abortClass = AbortClass.SenderQuit;
                    result = MessageOutcome.Aborted;
                    reason = "Receiving aborted by sender";
                    idle = outcome.Gap;
                    disposition = "aborted";
                    break;
            }

            var verdicts = story.Verdicts;
            string? Stored(int scan) => received ? StoryScans.Stored(scan, verdicts.First[scan], verdicts.Repeat[scan]) : null;
            string? spam = Stored(StoryScans.Spam) ?? (outcome.Kind == GeneratedOutcome.ContentDrop ? "positive" : null);
            var expectedStory = new ExpectedStory(
                disposition,
                quarantines,
                spam,
                spam is null ? null : "CASE",
                Stored(StoryScans.Antivirus),
                Stored(StoryScans.Amp),
                Stored(StoryScans.Outbreak),
                Stored(StoryScans.Dmarc),
                [.. recipients, .. rejected is null ? [] : new[] { rejected }]);

            messages.Add(new ExpectedMessage(
                mid,
                icid,
                outcome.Kind,
                abortClass,
                result,
                reason,
                idle,
                near,
                start,
                t,
                string.IsNullOrEmpty(m.From) ? null : m.From,
                m.To,
                received ? m.MessageId : null,
                received ? m.Subject : null,
                received ? m.Size : null,
                dcidsUsed,
                lost,
                expectedStory));

            void EmitVerdicts(VerdictSpec v)
            {
                for (int scan = 0; scan < v.First.Length; scan++)
                {
                    if (v.First[scan] >= 0)
                    {
                        Step();
                        EmitMid(StoryScans.Line(scan, mid, v.First[scan]));
                    }
                }

                // A re-scan (after a rewrite) logs the verdicts again: the last line wins.
                for (int scan = 0; scan < v.Repeat.Length; scan++)
                {
                    if (v.First[scan] >= 0 && v.Repeat[scan] >= 0)
                    {
                        Step();
                        EmitMid(StoryScans.Line(scan, mid, v.Repeat[scan]));
                    }
                }
            }

            void Resolve(string status)
            {
                for (int rid = 0; rid < recipients.Length; rid++)
                {
                    if (recipients[rid].Status == "pending")
                    {
                        recipients[rid] = recipients[rid] with { Status = status };
                    }
                }
            }

            string Hold(string quarantine, string line)
            {
                Step();
                EmitMid(line);
                quarantines.Add(quarantine);
                Resolve("quarantined");
                return "quarantined";
            }

            // Each recipient goes out on one of the session's two DCIDs (opened once, shared by its messages); a delayed
            // recipient that is then delivered goes out on the other one.
            string Deliver()
            {
                for (int k = 0; k < DeliveryConnections; k++)
                {
                    var onK = Rids(rid => story.DcidChoice[rid] == k);
                    if (onK.Count == 0)
                    {
                        continue;
                    }

                    long d = Open(k);
                    Step();
                    EmitMid(Invariant($"Delivery start DCID {d} MID {mid} to RID {RidText(onK)}"));
                    Done(k, onK.Where(rid => story.Fates[rid] == RecipientFate.Delivered).ToList());
                    foreach (int rid in onK)
                    {
                        switch (story.Fates[rid])
                        {
                            case RecipientFate.Bounced:
                                var (code, text) = StoryScans.Bounces[story.Codes[rid]];
                                Step();
                                EmitMid(Invariant($"Bounced: DCID {d} MID {mid} {Whom(rid)} - {code} - {text} []"));
                                Set(rid, "bounced", k, text, code);
                                break;
                            case RecipientFate.Delayed or RecipientFate.DelayedThenDelivered:
                                Step();
                                EmitMid(Invariant($"Delayed: DCID {d} MID {mid} {Whom(rid)} - {StoryScans.DelayCode} - {StoryScans.DelayText}"));
                                Set(rid, "delayed", k, StoryScans.DelayText, StoryScans.DelayCode);
                                break;
                        }
                    }
                }

                for (int k = 0; k < DeliveryConnections; k++)
                {
                    var retried = Rids(rid => story.Fates[rid] == RecipientFate.DelayedThenDelivered && story.DcidChoice[rid] != k);
                    if (retried.Count > 0)
                    {
                        Open(k);
                        Step();
                        EmitMid(Invariant($"Delivery start DCID {Dcid(k)} MID {mid} to RID {RidText(retried)}"));
                        Done(k, retried);
                    }
                }

                int delivered = recipients.Count(r => r.Status == "delivered");
                int bounced = recipients.Count(r => r.Status == "bounced");
                return delivered > 0 ? (bounced > 0 ? "partially_delivered" : "delivered") : bounced > 0 ? "bounced" : "unknown";
            }

            List<int> Rids(Func<int, bool> which) => [.. Enumerable.Range(0, recipients.Length).Where(which)];

            string Whom(int rid) => story.NewBounceForm && m.From is not null
                ? Invariant($"From: <{m.From}> To: <{m.To[rid]}> RID {rid}")
                : Invariant($"to RID {rid}");

            long Dcid(int k) => (icid * 10) + k;

            long Open(int k)
            {
                long d = Dcid(k);
                if (!dcidsUsed.Contains(d))
                {
                    dcidsUsed.Add(d);
                }

                if (!opened[k])
                {
                    opened[k] = true;
                    Step();
                    Emit(Invariant($"New SMTP DCID {d} interface 10.0.0.6 address {DestinationIp(k)} port 25"));
                    if (k == 0)
                    {
                        Step();
                        Emit(Invariant($"DCID {d} TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"));
                    }
                }

                return d;
            }

            void Done(int k, List<int> done)
            {
                if (done.Count == 0)
                {
                    return;
                }

                Step();
                EmitMid(Invariant($"Message done DCID {Dcid(k)} MID {mid} to RID {RidText(done)}"));
                long at = t;
                string reply = Invariant($"2.0.0 Ok: queued as Q{mid}");
                Step();
                EmitMid(Invariant($"MID {mid} RID {RidText(done)} Response '{reply}'"));
                foreach (int rid in done)
                {
                    Set(rid, "delivered", k, reply, "2.0.0", at);
                }
            }

            void Set(int rid, string status, int k, string response, string code, long? at = null) =>
                recipients[rid] = recipients[rid] with
                {
                    Status = status,
                    Dcid = Dcid(k),
                    Response = response,
                    StatusCode = code,
                    DestinationIp = DestinationIp(k),
                    Tls = k == 0 ? "TLSv1.2" : null,
                    TimeSeconds = at ?? t,
                };

            string DestinationIp(int k) => Invariant($"{(k == 0 ? "198.51.100" : "203.0.113")}.{icid % 250}");

            void EmitReceivingAbort(string text)
            {
                Emit(Invariant($"Message aborted MID {mid} {text}"));
                Emit(Invariant($"Message finished MID {mid} aborted"));
                EmitClose();
            }
        }

        var timeline = new ConnectionTimeline(startSeconds, connectionActive, lostAt, closeAt, TimeoutLine: false, HatRejected: false, refusedRecipients, accepted);
        var document = timeline.Expect(icid, messages.ConvertAll(m => m.Mid), c, tlsFailure: null);
        return new GeneratedSession(icid, c, lines, messages, document);
    }

    /// <summary>A connection without an accepted message (<see cref="BareEnding"/>): greeting, HAT policy, then its end.</summary>
    private static GeneratedSession BuildBare(long icid, long mid, long startSeconds, SessionSpec spec, BareSpec bare)
    {
        var lines = new List<SessionLine>();
        var messages = new List<ExpectedMessage>();
        long t = startSeconds;
        int gapIndex = 0;
        void Step() => t += spec.Gaps[gapIndex++ % spec.Gaps.Length];
        void Emit(string body) => lines.Add(new SessionLine(t, body));

        var c = spec.Connection;
        if (bare.Ending == BareEnding.RefusedBeforeIcid)
        {
            Emit("ICID 0 TCPREFUSE SG BLACKLIST match sbrs[-10.0:-3.0] SBRS " + c.Sbrs);
            return new GeneratedSession(icid, c, lines, messages, document: null);
        }

        if (bare.Ending == BareEnding.HatReject)
        {
            c = c with { Policy = bare.Variant ? "TCPREFUSE" : "REJECT", SenderGroup = "BLACKLIST" };
        }

        Emit(Invariant($"New SMTP ICID {icid} interface {c.Interface} ({c.ListenerIp}) address {c.SourceIp} reverse dns host {c.ReverseDns} verified {(c.Verified ? "yes" : "no")}"));
        Step();
        Emit(Invariant($"ICID {icid} {c.Policy} SG {c.SenderGroup} match sbrs[-1.0:10.0] SBRS {c.Sbrs}"));
        long active = t;
        long? lostAt = null;
        bool timeoutLine = false;
        string? tlsFailure = null;
        int refused = 0;

        void Lost()
        {
            Emit(Invariant($"ICID {icid} lost"));
            lostAt = t;
        }

        switch (bare.Ending)
        {
            case BareEnding.HatReject:
                t += bare.Gap;
                if (bare.Lost)
                {
                    Lost();
                }

                break;
            case BareEnding.LostBeforeCommand:
                if (bare.Variant)
                {
                    Step();
                    Emit(Invariant($"ICID {icid} TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"));
                    active = t;
                }

                t += bare.Gap;
                Lost();
                break;
            case BareEnding.IdleTimeout:
                t += bare.Gap;
                if (bare.Variant)
                {
                    Emit(Invariant($"ICID {icid} disconnected address {c.SourceIp}, no messages injected within timeout period"));
                    timeoutLine = true;
                }

                break;
            case BareEnding.TlsFailure:
                tlsFailure = "[Errno 54] Connection reset by peer";
                Step();
                Emit(Invariant($"ICID {icid} TLS failed: {tlsFailure}"));
                active = t;
                t += bare.Gap;
                if (bare.Lost)
                {
                    Lost();
                }

                break;
            default:
                var m = spec.Messages[0];
                Step();
                Emit(Invariant($"Start MID {mid} ICID {icid}"));
                long start = t;
                Step();
                Emit(Invariant($"MID {mid} ICID {icid} From: <{m.From}>"));
                var rejected = new List<RecipientRecord>();
                foreach (string address in m.To)
                {
                    Step();
                    Emit(Invariant($"MID {mid} ICID {icid} To: <{address}> Rejected by RAT"));
                    rejected.Add(new RecipientRecord(null, address, "rejected", Response: "Rejected by RAT", TimeSeconds: t));
                }

                active = t;
                refused = rejected.Count;
                t += bare.Gap;
                Emit(Invariant($"Message aborted MID {mid} Receiving aborted by sender"));
                Emit(Invariant($"Message finished MID {mid} aborted"));
                var story = new ExpectedStory("aborted", [], null, null, null, null, null, null, rejected);
                messages.Add(new ExpectedMessage(
                    mid, icid, GeneratedOutcome.SenderQuit, AbortClass.SenderQuit, MessageOutcome.Aborted, "Receiving aborted by sender", bare.Gap,
                    NearTimeout: false, start, t, string.IsNullOrEmpty(m.From) ? null : m.From, [], null, null, null, [], Lost: false, story));
                break;
        }

        Emit(Invariant($"ICID {icid} close"));
        var timeline = new ConnectionTimeline(startSeconds, active, lostAt, t, timeoutLine, bare.Ending == BareEnding.HatReject, refused, AcceptedRecipients: 0);
        return new GeneratedSession(icid, c, lines, messages, timeline.Expect(icid, messages.ConvertAll(x => x.Mid), c, tlsFailure));
    }

    private static string RidText(IEnumerable<int> rids) => "[" + string.Join(", ", rids) + "]";

    private static string Quoted(char quote, string text) => quote == ' ' ? text : quote + text + quote;

    /// <summary>The SBRS as the document must carry it: a number, or null when the text is not one.</summary>
    public static double? SbrsScore(string sbrs) =>
        double.TryParse(sbrs, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) ? score : null;
}

/// <summary>Where a set of sessions lives: ICIDs, MIDs, message counts and start times, independent of the content.</summary>
public sealed record SetShape(long IcidBase, long MidBase, int[] MessageCounts, long[] Starts)
{
    public long IcidOf(int session) => IcidBase + (7L * session);

    public long FirstMidOf(int session) => MidBase + (3L * session);
}

/// <summary>Sessions with distinct ICIDs and MIDs.</summary>
public sealed class SessionSet
{
    private SessionSet(IReadOnlyList<GeneratedSession> sessions)
    {
        Sessions = sessions;
    }

    public IReadOnlyList<GeneratedSession> Sessions { get; }

    public int LineCount => Sessions.Sum(s => s.Lines.Count);

    public IEnumerable<ExpectedMessage> Messages => Sessions.SelectMany(s => s.Messages);

    public IEnumerable<ExpectedConnection> Connections => Sessions.Select(s => s.ConnectionDocument).OfType<ExpectedConnection>();

    /// <summary>Connections refused before they got an ICID (<c>ICID 0 TCPREFUSE</c>): counted, no document.</summary>
    public int RefusedBeforeIcid => Sessions.Count(s => s.RefusedBeforeIcid);

    public static SessionSet Build(SetShape shape, IReadOnlyList<SessionSpec> specs) =>
        new(Enumerable.Range(0, shape.MessageCounts.Length)
            .Select(k => GeneratedSession.Build(shape.IcidOf(k), shape.FirstMidOf(k), shape.MessageCounts[k], shape.Starts[k], specs[k]))
            .ToList());
}

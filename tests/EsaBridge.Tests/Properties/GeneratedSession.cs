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
public sealed record MessageSpec(string? From, string[] To, string MessageId, string Subject, char Quote, long Size);

/// <summary>The random content of the connection's <c>New SMTP ICID</c> and <c>ACCEPT</c> lines.</summary>
public sealed record ConnectionSpec(
    string SourceIp, string ReverseDns, bool Verified, string Interface, string ListenerIp, string Policy, string SenderGroup, string Sbrs);

/// <summary>
/// All random choices of one session. It always carries three messages and two early outcomes; the session's message
/// count (from its <see cref="SetShape"/>) says how many are used. Only the last message of an ICID may end in a
/// reception abort (the connection is over after it); earlier ones are delivered or dropped.
/// </summary>
public sealed record SessionSpec(ConnectionSpec Connection, MessageSpec[] Messages, OutcomeSpec[] Early, OutcomeSpec Last, int[] Gaps);

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
    bool Lost);

/// <summary>
/// One inbound connection (ICID) with 1-3 messages, as timed lines in log order, and what each of its MIDs must become.
/// Times never go backwards inside a session.
/// </summary>
public sealed class GeneratedSession
{
    private const long ListenerTimeout = 300;
    private const long Tolerance = 5;

    private GeneratedSession(long icid, ConnectionSpec connection, IReadOnlyList<SessionLine> lines, IReadOnlyList<ExpectedMessage> messages)
    {
        Icid = icid;
        Connection = connection;
        Lines = lines;
        Messages = messages;
    }

    public long Icid { get; }

    public ConnectionSpec Connection { get; }

    public IReadOnlyList<SessionLine> Lines { get; }

    public IReadOnlyList<ExpectedMessage> Messages { get; }

    public static GeneratedSession Build(long icid, long firstMid, int messageCount, long startSeconds, SessionSpec spec)
    {
        var lines = new List<SessionLine>();
        var messages = new List<ExpectedMessage>();
        long t = startSeconds;
        int gapIndex = 0;

        long lastActivity = t;

        void Step() => t += spec.Gaps[gapIndex++ % spec.Gaps.Length];
        void Emit(string body) => lines.Add(new SessionLine(t, body));

        // A line of the MID itself: the base of idle_seconds.
        void EmitMid(string body)
        {
            Emit(body);
            lastActivity = t;
        }

        var c = spec.Connection;
        Emit(Invariant($"New SMTP ICID {icid} interface {c.Interface} ({c.ListenerIp}) address {c.SourceIp} reverse dns host {c.ReverseDns} verified {(c.Verified ? "yes" : "no")}"));
        Step();
        Emit(Invariant($"ICID {icid} {c.Policy} SG {c.SenderGroup} match sbrs[-1.0:10.0] SBRS {c.Sbrs}"));

        for (int j = 0; j < messageCount; j++)
        {
            bool last = j == messageCount - 1;
            var m = spec.Messages[j];
            var outcome = last ? spec.Last : spec.Early[j];
            long mid = firstMid + j;
            long dcid = mid + 1_000_000;

            Step();
            EmitMid(Invariant($"Start MID {mid} ICID {icid}"));
            long start = t;
            Step();
            EmitMid(Invariant($"MID {mid} ICID {icid} From: <{m.From}>"));
            for (int rid = 0; rid < m.To.Length; rid++)
            {
                Step();
                EmitMid(Invariant($"MID {mid} ICID {icid} RID {rid} To: <{m.To[rid]}>"));
            }

            bool received = outcome.Kind is GeneratedOutcome.Delivered or GeneratedOutcome.ContentDrop;
            if (received)
            {
                Step();
                EmitMid(Invariant($"MID {mid} Message-ID {Quoted(m.Quote, "<" + m.MessageId + ">")}"));
                Step();
                EmitMid(Invariant($"MID {mid} Subject {Quoted(m.Quote, m.Subject)}"));
                Step();
                EmitMid(Invariant($"MID {mid} ready {m.Size} bytes from <{m.From}>"));
                if (last)
                {
                    // The client quits once its last message is accepted; delivery goes on after the close.
                    Step();
                    Emit(Invariant($"ICID {icid} close"));
                }
            }

            string rids = "[" + string.Join(", ", Enumerable.Range(0, m.To.Length)) + "]";
            string? reason = null;
            long? idle = null;
            bool near = false;
            bool lost = false;
            AbortClass abortClass;
            MessageOutcome result;
            IReadOnlyList<long> dcids = [];
            switch (outcome.Kind)
            {
                case GeneratedOutcome.Delivered:
                    Step();
                    EmitMid(Invariant($"MID {mid} queued for delivery"));
                    Step();
                    EmitMid(Invariant($"Delivery start DCID {dcid} MID {mid} to RID {rids}"));
                    Step();
                    EmitMid(Invariant($"Message done DCID {dcid} MID {mid} to RID {rids}"));
                    Step();
                    Emit(Invariant($"Message finished MID {mid} done"));
                    abortClass = AbortClass.None;
                    result = MessageOutcome.Done;
                    dcids = [dcid];
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
                    break;
                case GeneratedOutcome.ConnectionLost:
                    long abortAt = lastActivity + outcome.Gap;
                    t = abortAt - Math.Min(outcome.LostLead, outcome.Gap);
                    Emit(Invariant($"ICID {icid} lost"));
                    t = abortAt;
                    EmitReceivingAbort("Receiving aborted");
                    abortClass = AbortClass.ConnectionLost;
                    result = MessageOutcome.Aborted;
                    reason = "Receiving aborted";
                    idle = outcome.Gap;
                    near = Math.Abs(outcome.Gap - ListenerTimeout) <= Tolerance;
                    lost = true;
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
                    break;
                default:
                    t = lastActivity + outcome.Gap;
                    EmitReceivingAbort("Receiving aborted by sender");
                    abortClass = AbortClass.SenderQuit;
                    result = MessageOutcome.Aborted;
                    reason = "Receiving aborted by sender";
                    idle = outcome.Gap;
                    break;
            }

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
                dcids,
                lost));

            void EmitReceivingAbort(string text)
            {
                Emit(Invariant($"Message aborted MID {mid} {text}"));
                Emit(Invariant($"Message finished MID {mid} aborted"));
                Emit(Invariant($"ICID {icid} close"));
            }
        }

        return new GeneratedSession(icid, c, lines, messages);
    }

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

    public static SessionSet Build(SetShape shape, IReadOnlyList<SessionSpec> specs) =>
        new(Enumerable.Range(0, shape.MessageCounts.Length)
            .Select(k => GeneratedSession.Build(shape.IcidOf(k), shape.FirstMidOf(k), shape.MessageCounts[k], shape.Starts[k], specs[k]))
            .ToList());
}

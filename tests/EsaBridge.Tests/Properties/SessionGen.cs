using CsCheck;
using static System.FormattableString;

namespace EsaBridge.Tests.Properties;

/// <summary>CsCheck generators for <see cref="GeneratedSession"/>s and sets of them.</summary>
public static class SessionGen
{
    /// <summary>Start of the time window: Wed 6 Aug 2014 00:00:00 UTC (days 6-11 cover padded and two-digit days).</summary>
    public static readonly long WindowStart = new DateTimeOffset(2014, 8, 6, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>
    /// Sessions start within five days and last under an hour, so no message is ever older than the sessionizer's
    /// seven-day age limit, and everything stays in August (a syslog year never rolls over).
    /// </summary>
    public const long WindowSeconds = 5 * 86400;

    /// <summary>Real ICIDs and MIDs: six digits starting with 1-8.</summary>
    public static readonly (long Low, long High) RealIds = (100_000, 800_000);

    /// <summary>Phantom ICIDs and MIDs: seven digits starting with 9, so no prefix of one is a real id.</summary>
    public static readonly (long Low, long High) PhantomIds = (9_000_000, 9_800_000);

    public const long PhantomFloor = 9_000_000;

    private static readonly Gen<string> LocalPart =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._-+"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<string> Domain =
        Gen.OneOf("example.com", "example.org", "mail.example.net", "xn--bcher-kva.example", "sub.domain.co.uk");

    public static readonly Gen<string> Address = Gen.Select(LocalPart, Domain, (local, domain) => local + "@" + domain);

    private static readonly Gen<string?> Sender = Gen.Frequency<string?>(
        (7, Address.Select(a => (string?)a)),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<string> Subject =
        Gen.OneOf("invoice", "Rechnung", "Überweisung", "日本語", "façade", "Re:", "FW:", "100%", "a&b", "<tag>", "Q3", "naïve",
            "Ελληνικά", "🙂", "report", "meeting", "[EXT]", "\\path")
        .Array[1, 6]
        .Select(words => string.Join(' ', words));

    private static readonly Gen<MessageSpec> Message = Gen.Select(
        Sender,
        Address.Array[1, 3],
        Gen.Select(LocalPart, Domain, (local, domain) => local + "@" + domain),
        Subject,
        Gen.OneOf('\'', '"', ' '),
        Gen.Long[100, 50_000_000],
        StoryGen.Story,
        (from, to, messageId, subject, quote, size, story) => new MessageSpec(from, to, messageId, subject, quote, size, story));

    private static readonly Gen<int> NearTimeout = Gen.Int[295, 305];

    private static readonly Gen<OutcomeSpec> Delivered = Gen.Const(new OutcomeSpec(GeneratedOutcome.Delivered, 0, 0));

    private static readonly Gen<OutcomeSpec> ContentDrop =
        Gen.Int[0, 10].Select(gap => new OutcomeSpec(GeneratedOutcome.ContentDrop, gap, 0));

    private static readonly Gen<OutcomeSpec> ConnectionLost = Gen.Select(
        Gen.Frequency<int>((3, Gen.Int[0, 120]), (2, NearTimeout), (1, Gen.Int[0, 900])),
        Gen.Int[0, 3],
        (gap, lead) => new OutcomeSpec(GeneratedOutcome.ConnectionLost, gap, lead));

    private static readonly Gen<OutcomeSpec> ListenerTimeout =
        Gen.Frequency<int>((3, Gen.Const(300)), (1, NearTimeout))
        .Select(gap => new OutcomeSpec(GeneratedOutcome.ListenerTimeout, gap, 0));

    private static readonly Gen<OutcomeSpec> SenderQuit =
        Gen.Frequency<int>((3, Gen.Int[0, 60]), (1, NearTimeout))
        .Select(gap => new OutcomeSpec(GeneratedOutcome.SenderQuit, gap, 0));

    private static readonly Gen<OutcomeSpec> ReceivingAbortedOther =
        Gen.OneOf<int>(Gen.Int[0, 294], Gen.Int[306, 900])
        .Select(gap => new OutcomeSpec(GeneratedOutcome.ReceivingAbortedOther, gap, 0));

    /// <summary>Outcomes for a message that is not the last of its ICID.</summary>
    public static readonly Gen<OutcomeSpec> EarlyOutcome = Gen.OneOf<OutcomeSpec>(Delivered, ContentDrop);

    public static readonly Gen<OutcomeSpec> LastOutcome =
        Gen.OneOf<OutcomeSpec>(Delivered, ContentDrop, ConnectionLost, ListenerTimeout, SenderQuit, ReceivingAbortedOther);

    private static readonly Gen<string> Sbrs = Gen.Frequency<string>(
        (4, Gen.Int[-100, 100].Select(tenths => Invariant($"{(tenths < 0 ? "-" : "")}{Math.Abs(tenths) / 10}.{Math.Abs(tenths) % 10}"))),
        (1, Gen.OneOf("None", "not enabled", "rfc1918")));

    private static readonly Gen<ConnectionSpec> Connection = Gen.Select(
        Gen.Byte.Array[4].Select(b => string.Join('.', b)),
        Gen.Frequency<string>((4, LocalPart.Select(l => "mx-" + l.Trim('.') + ".example.net")), (1, Gen.Const("unknown"))),
        Gen.Bool,
        Gen.OneOf(("Data 1", "10.0.0.5"), ("Management", "192.168.0.199"), ("Outgoing Mail", "10.0.0.6")),
        Gen.OneOf(("ACCEPT", "UNKNOWNLIST"), ("RELAY", "RELAY_SG"), ("ACCEPT", "SUSPECTLIST")),
        Sbrs,
        (ip, host, verified, listener, policy, sbrs) =>
            new ConnectionSpec(ip, host, verified, listener.Item1, listener.Item2, policy.Item1, policy.Item2, sbrs));

    public static readonly Gen<SessionSpec> Spec = Gen.Select(
        Connection,
        Message.Array[3],
        EarlyOutcome.Array[2],
        LastOutcome,
        Gen.Int[0, 12].Array[32],
        BareGen.Maybe,
        (connection, messages, early, last, gaps, bare) => new SessionSpec(connection, messages, early, last, gaps, bare));

    /// <summary>1..maxSessions sessions of 1-3 MIDs each (0-1 for a connection without an accepted message), ids drawn from the range, starts within the window.</summary>
    public static Gen<SetShape> Shape((long Low, long High) ids, int maxSessions) =>
        from count in Gen.Int[1, maxSessions]
        from icidBase in Gen.Long[ids.Low, ids.High]
        from midBase in Gen.Long[ids.Low, ids.High]
        from counts in Gen.Int[1, 3].Array[count]
        from starts in Gen.Long[0, WindowSeconds].Array[count]
        select new SetShape(icidBase, midBase, counts, starts.Select(s => WindowStart + s).ToArray());

    public static Gen<SessionSet> Set(Gen<SetShape> shape) =>
        from s in shape
        from specs in Spec.Array[s.MessageCounts.Length]
        select SessionSet.Build(s, specs);

    /// <summary>Random sort keys, one per line: <see cref="LogText.Interleave{T}"/> turns them into a merge order.</summary>
    public static Gen<int[]> MergeKeys(int lines) => Gen.Int[0, 1 << 16].Array[lines];
}

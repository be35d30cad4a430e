using CsCheck;
using EsaBridge.Core.Sessions;
using static System.FormattableString;

namespace EsaBridge.Tests.Properties;

/// <summary>What one recipient of a delivered message meets on the way out.</summary>
public enum RecipientFate
{
    Delivered,

    /// <summary>A <c>Bounced:</c> line with an <c>x.y.z</c> code (the message may still be delivered to others).</summary>
    Bounced,

    /// <summary>A <c>Delayed:</c> line on one DCID, then <c>Message done</c> on the other: <c>delivered</c>.</summary>
    DelayedThenDelivered,

    /// <summary>Only a <c>Delayed:</c> line: still <c>delayed</c> when the message finishes.</summary>
    Delayed,
}

/// <summary>How a message that is not dropped or aborted leaves: delivered per recipient, or held by a quarantine.</summary>
public enum StoryEnd
{
    Deliver,

    /// <summary><c>MID m quarantined to "Policy" (...)</c> and no delivery.</summary>
    PolicyQuarantine,

    /// <summary><c>ISQ: Quarantined MID m</c> and no delivery.</summary>
    SpamQuarantine,
}

/// <summary>
/// The verdict lines of one message: for each scan of <see cref="StoryScans"/>, the index of the first value (-1: no
/// line) and of the value of a second scan after a rewrite (-1: none; last wins, the worst for AMP).
/// </summary>
public sealed record VerdictSpec(int[] First, int[] Repeat);

/// <summary>
/// The random content of a message's verdicts, delivery and rejections (contract version 2). Fates, DCID choices and
/// codes are per RID (a message has at most three).
/// </summary>
public sealed record StorySpec(
    VerdictSpec Verdicts, StoryEnd End, RecipientFate[] Fates, int[] DcidChoice, int[] Codes, bool NewBounceForm, string? RatRejected);

/// <summary>What a message's document must say about its verdicts, disposition, quarantines and recipients.</summary>
public sealed record ExpectedStory(
    string Disposition,
    IReadOnlyList<string> Quarantines,
    string? Spam,
    string? SpamEngine,
    string? Antivirus,
    string? Amp,
    string? Outbreak,
    string? Dmarc,
    IReadOnlyList<RecipientRecord> Recipients);

/// <summary>The line forms the parser reads (tests/EsaBridge.Tests/Parsing/VerdictLineTests.cs) and their stored values.</summary>
public static class StoryScans
{
    /// <summary>Per scan: the logged value and the value the document stores.</summary>
    public static readonly (string Logged, string Stored)[][] Values =
    [
        [("positive", "positive"), ("negative", "negative"), ("suspect", "suspect")],
        [("negative", "negative"), ("positive 'W32/Test-A'", "positive"), ("encrypted", "encrypted")],
        [("CLEAN", "clean"), ("UNKNOWN", "unknown"), ("LOWRISK", "low_risk"), ("MALWARE", "malware")],
        [("negative", "negative"), ("positive", "positive")],
        [("passed", "pass"), ("failed", "fail")],
    ];

    public const int Spam = 0;
    public const int Antivirus = 1;
    public const int Amp = 2;
    public const int Outbreak = 3;
    public const int Dmarc = 4;

    /// <summary>Enhanced status codes of the generated bounces and the reply text that goes with each.</summary>
    public static readonly (string Code, string Text)[] Bounces =
    [
        ("5.1.1", "Bad destination email address ('550', ['5.1.1 User unknown'])"),
        ("5.7.1", "Delivery not authorized, message refused ('550', ['5.7.1 Relaying denied'])"),
        ("5.4.7", "Delivery expired (message too old) ('000', ['timeout'])"),
    ];

    public const string DelayCode = "4.4.1";
    public const string DelayText = "Connection timed out ('421', ['4.4.1 try again later'])";

    public static string Line(int scan, long mid, int value)
    {
        string v = Values[scan][value].Logged;
        return scan switch
        {
            Spam => Invariant($"MID {mid} using engine: CASE spam {v}"),
            Antivirus => Invariant($"MID {mid} antivirus {v}"),
            Amp => Invariant($"MID {mid} AMP file reputation verdict : {v}"),
            Outbreak => Invariant($"MID {mid} Outbreak Filters: verdict {v}"),
            _ => Invariant($"MID {mid} DMARC: Verification {v}"),
        };
    }

    /// <summary>The stored value after the lines: the last one, for AMP the worst (its values are listed best first).</summary>
    public static string? Stored(int scan, int first, int repeat)
    {
        if (first < 0)
        {
            return null;
        }

        int value = repeat < 0 ? first : scan == Amp ? Math.Max(first, repeat) : repeat;
        return Values[scan][value].Stored;
    }
}

/// <summary>CsCheck generators for <see cref="StorySpec"/>.</summary>
public static class StoryGen
{
    private const int MaxRecipients = 3;

    private static Gen<int> Present(int scan) => Gen.Frequency<int>((1, Gen.Const(-1)), (1, Gen.Int[0, StoryScans.Values[scan].Length - 1]));

    private static Gen<int> Rescanned(int scan) => Gen.Frequency<int>((3, Gen.Const(-1)), (1, Gen.Int[0, StoryScans.Values[scan].Length - 1]));

    private static readonly Gen<VerdictSpec> Verdicts = Gen.Select(
        Gen.Select(Present(0), Present(1), Present(2), Present(3), Present(4), (a, b, c, d, e) => new[] { a, b, c, d, e }),
        Gen.Select(Rescanned(0), Rescanned(1), Rescanned(2), Rescanned(3), Rescanned(4), (a, b, c, d, e) => new[] { a, b, c, d, e }),
        (first, repeat) => new VerdictSpec(first, repeat));

    private static readonly Gen<RecipientFate> Fate = Gen.Frequency<RecipientFate>(
        (5, Gen.Const(RecipientFate.Delivered)),
        (2, Gen.Const(RecipientFate.Bounced)),
        (2, Gen.Const(RecipientFate.DelayedThenDelivered)),
        (1, Gen.Const(RecipientFate.Delayed)));

    private static readonly Gen<StoryEnd> End = Gen.Frequency<StoryEnd>(
        (6, Gen.Const(StoryEnd.Deliver)),
        (1, Gen.Const(StoryEnd.PolicyQuarantine)),
        (1, Gen.Const(StoryEnd.SpamQuarantine)));

    private static readonly Gen<string?> Rejected = Gen.Frequency<string?>(
        (4, Gen.Const((string?)null)),
        (1, SessionGen.Address.Select(a => (string?)a)));

    public static readonly Gen<StorySpec> Story = Gen.Select(
        Verdicts,
        End,
        Fate.Array[MaxRecipients],
        Gen.Int[0, 1].Array[MaxRecipients],
        Gen.Int[0, StoryScans.Bounces.Length - 1].Array[MaxRecipients],
        Gen.Bool,
        Rejected,
        (verdicts, end, fates, dcids, codes, newForm, rejected) => new StorySpec(verdicts, end, fates, dcids, codes, newForm, rejected));
}

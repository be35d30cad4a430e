using CsCheck;

namespace EsaBridge.Tests.Properties;

/// <summary>
/// How a generated inbound connection that never carries an accepted message ends (issue 19): the firewall's view of
/// what the message documents do not show.
/// </summary>
public enum BareEnding
{
    /// <summary><c>ICID i REJECT SG BLACKLIST ...</c> (or <c>TCPREFUSE</c>), sometimes <c>lost</c>, then <c>close</c>.</summary>
    HatReject,

    /// <summary><c>ICID 0 TCPREFUSE ...</c>: refused before it got a number, counted, no document.</summary>
    RefusedBeforeIcid,

    /// <summary><c>ICID i lost</c> before any command (sometimes after a TLS handshake), then <c>close</c>.</summary>
    LostBeforeCommand,

    /// <summary>Idle for the listener timeout, then <c>close</c> (or the old <c>disconnected ... within timeout period</c> line first).</summary>
    IdleTimeout,

    /// <summary><c>ICID i TLS failed: ...</c>, sometimes <c>lost</c>, then <c>close</c>.</summary>
    TlsFailure,

    /// <summary>
    /// <c>Start MID</c>, <c>From</c>, every recipient <c>Rejected by RAT</c>, then the sender quits (<c>Receiving aborted
    /// by sender</c>) and <c>close</c>: one MID, no accepted recipient.
    /// </summary>
    RatRejectedOnly,
}

/// <summary>The random content of a connection without an accepted message.</summary>
/// <param name="Gap">Seconds of silence between its last active line and its end (<c>lost</c>, the timeout line, the abort or <c>close</c>).</param>
/// <param name="Variant">
/// HatReject: <c>TCPREFUSE</c> instead of <c>REJECT</c>; LostBeforeCommand: a TLS handshake first; IdleTimeout: the old
/// timeout line before <c>close</c>.
/// </param>
/// <param name="Lost">HatReject and TlsFailure: <c>ICID i lost</c> before <c>close</c>.</param>
public sealed record BareSpec(BareEnding Ending, int Gap, bool Variant, bool Lost);

/// <summary>CsCheck generators for <see cref="BareSpec"/>.</summary>
public static class BareGen
{
    private static readonly Gen<int> NearTimeout = Gen.Int[295, 305];

    private static Gen<int> Gap(BareEnding ending) => ending switch
    {
        BareEnding.HatReject => Gen.Frequency<int>((4, Gen.Int[0, 5]), (1, NearTimeout)),
        BareEnding.LostBeforeCommand => Gen.Frequency<int>((3, Gen.Int[0, 120]), (1, NearTimeout)),
        BareEnding.IdleTimeout => Gen.Frequency<int>((3, Gen.Const(300)), (1, NearTimeout)),
        BareEnding.RatRejectedOnly => Gen.Int[0, 60],
        _ => Gen.Int[0, 30],
    };

    public static readonly Gen<BareSpec> Spec =
        from ending in Gen.Int[0, (int)BareEnding.RatRejectedOnly].Select(i => (BareEnding)i)
        from gap in Gap(ending)
        from variant in Gen.Bool
        from lost in Gen.Bool
        select new BareSpec(ending, gap, variant, lost);

    /// <summary>A quarter of the sessions carry no accepted message.</summary>
    public static readonly Gen<BareSpec?> Maybe = Gen.Frequency<BareSpec?>(
        (3, Gen.Const((BareSpec?)null)),
        (1, Spec.Select(b => (BareSpec?)b)));
}

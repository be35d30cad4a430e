namespace EsaBridge.Bench.Generation;

/// <summary>What scanning does to a received message: deliver it, hold it in a quarantine, or drop it.</summary>
internal enum MessageFate
{
    Deliver,

    /// <summary>CASE spam positive: tagged, then handed to the spam quarantine over RPC.</summary>
    SpamQuarantine,

    /// <summary>Outbound DLP violation: <c>quarantined to "Policy" (DLP violation)</c>.</summary>
    PolicyQuarantine,

    /// <summary><c>Message aborted MID m Dropped by CASE</c>.</summary>
    DropByCase,

    /// <summary>An attachment's AMP verdict <c>MALWARE</c>, then <c>Dropped by amp</c>.</summary>
    DropByAmp,

    /// <summary><c>Dropped by content filter '...' in the inbound table</c>.</summary>
    DropByContentFilter,

    /// <summary><c>Dropped by filter '...'</c> (a message filter).</summary>
    DropByMessageFilter,
}

internal static class MessageFates
{
    /// <summary>
    /// The fate of a message received with <paramref name="outcome"/>: a content drop becomes one of the drop kinds
    /// (CASE the most common), a delivered inbound message is sometimes spam-quarantined and an outbound one
    /// sometimes held for DLP.
    /// </summary>
    public static MessageFate Pick(Random random, MessageOutcome outcome, bool outbound)
    {
        int roll = random.Next(100);
        if (outcome == MessageOutcome.ContentDrop)
        {
            return roll switch
            {
                < 60 => MessageFate.DropByCase,
                < 75 => MessageFate.DropByAmp,
                < 90 => MessageFate.DropByContentFilter,
                _ => MessageFate.DropByMessageFilter,
            };
        }

        return (outbound, roll) switch
        {
            (false, < 4) => MessageFate.SpamQuarantine,
            (true, < 2) => MessageFate.PolicyQuarantine,
            _ => MessageFate.Deliver,
        };
    }

    public static bool IsDrop(this MessageFate fate) => fate >= MessageFate.DropByCase;
}

namespace EsaBridge.Core.Sessions;

/// <summary>
/// Decides, when a message ends, how it left the appliance (contract version 2, "Disposition and recipients"),
/// and gives the recipients still pending the fate of the whole message: held by a quarantine (quarantined), deleted
/// from one or dropped by a filter or engine (dropped), bounced by a filter (bounced).
/// </summary>
internal static class DispositionRules
{
    public static void Decide(MessageState m, MessageOutcome outcome)
    {
        if (outcome == MessageOutcome.Incomplete)
        {
            m.Disposition = Disposition.Incomplete;
            return;
        }

        if (outcome == MessageOutcome.Aborted)
        {
            m.Disposition = Disposition.Aborted;
            return;
        }

        var fate = Fate(m);
        var to = m.To;
        if (fate != RecipientStatus.Pending && to is not null)
        {
            to.ResolvePending(fate);
        }

        int delivered = 0, failed = 0, quarantined = 0;
        for (int i = 0; to is not null && i < to.Count; i++)
        {
            switch (to.Status(i))
            {
                case RecipientStatus.Delivered:
                    delivered++;
                    break;
                case RecipientStatus.Bounced:
                case RecipientStatus.Dropped:
                    failed++;
                    break;
                case RecipientStatus.Quarantined:
                    quarantined++;
                    break;
            }
        }

        m.Disposition = delivered > 0 ? (failed + quarantined > 0 ? Disposition.PartiallyDelivered : Disposition.Delivered)
            : failed > 0 ? (Count(to, RecipientStatus.Bounced) > 0 ? Disposition.Bounced : Disposition.Dropped)
            : quarantined > 0 ? Disposition.Quarantined
            : fate switch
            {
                RecipientStatus.Quarantined => Disposition.Quarantined,
                RecipientStatus.Dropped => Disposition.Dropped,
                RecipientStatus.Bounced => Disposition.Bounced,
                _ => Disposition.Unknown,
            };
    }

    /// <summary>What became of the recipients no line gave a result, for a message that finished <c>done</c>.</summary>
    private static RecipientStatus Fate(MessageState m)
    {
        if (m.HeldBy is { Count: > 0 })
        {
            return RecipientStatus.Quarantined;
        }

        if (m.DeletedFromQuarantine || m.AbortReason.HasValue && m.AbortReason.Span.StartsWith("Dropped by"u8))
        {
            return RecipientStatus.Dropped;
        }

        return m.AbortReason.HasValue && m.AbortReason.Span.StartsWith("Bounced by"u8) ? RecipientStatus.Bounced : RecipientStatus.Pending;
    }

    private static int Count(RecipientList? to, RecipientStatus status)
    {
        int n = 0;
        for (int i = 0; to is not null && i < to.Count; i++)
        {
            n += to.Status(i) == status ? 1 : 0;
        }

        return n;
    }
}

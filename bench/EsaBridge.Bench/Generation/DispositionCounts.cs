using System.Globalization;

namespace EsaBridge.Bench.Generation;

/// <summary>How the generated messages left the appliance, by the contract's <c>cisco.esa.disposition</c> values.</summary>
internal sealed class DispositionCounts
{
    public long Delivered { get; set; }

    public long PartiallyDelivered { get; set; }

    public long Bounced { get; set; }

    public long Dropped { get; set; }

    public long Quarantined { get; set; }

    public long Aborted { get; set; }

    /// <summary>Messages that logged <c>Delayed</c> before they were delivered (counted in their disposition too).</summary>
    public long DelayedThenDelivered { get; set; }

    /// <summary>Recipients rejected with <c>Rejected by RAT</c> (they belong to no message's RID list).</summary>
    public long RatRejectedRecipients { get; set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"delivered={Delivered} partially_delivered={PartiallyDelivered} bounced={Bounced} dropped={Dropped} " +
        $"quarantined={Quarantined} aborted={Aborted} (delayed_then_delivered={DelayedThenDelivered} " +
        $"rat_rejected_recipients={RatRejectedRecipients})");
}

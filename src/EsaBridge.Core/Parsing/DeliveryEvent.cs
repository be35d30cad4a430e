namespace EsaBridge.Core.Parsing;

/// <summary>Which delivery line a <see cref="LineKind.MidDelivery"/> is.</summary>
public enum DeliveryEvent : byte
{
    /// <summary><c>Delivery start DCID d MID m to RID [0, 1]</c>.</summary>
    Start,

    /// <summary><c>Message done DCID d MID m to RID [0, 1] ...</c>: the listed recipients were delivered.</summary>
    Done,

    /// <summary><c>Bounced: DCID d MID m to RID r - x.y.z - text</c>: a hard bounce.</summary>
    Bounced,

    /// <summary><c>Delayed: DCID d MID m to RID r - x.y.z - text</c>: a soft bounce, retried later.</summary>
    Delayed,
}

/// <summary>What a <see cref="LineKind.MidQuarantine"/> line says.</summary>
public enum QuarantineEvent : byte
{
    /// <summary><c>MID m quarantined to "Q" (...)</c>.</summary>
    Entered,

    /// <summary><c>ISQ: Quarantined MID m</c>, <c>EUQ: Quarantined MID m</c>: the spam quarantine took it.</summary>
    EnteredSpam,

    /// <summary><c>MID m released [(attachments stripped)] from quarantine "Q"</c> or <c>from all quarantines</c>.</summary>
    Released,

    /// <summary><c>MID m deleted from quarantine "Q" (...)</c> or <c>from all quarantines</c>.</summary>
    Deleted,
}

namespace EsaBridge.Delivery;

/// <summary>What one send of some items to a server achieved, in the terms every output shares.</summary>
internal enum DeliveryOutcome
{
    /// <summary>Every item acknowledged or dead-lettered.</summary>
    Done,

    /// <summary>A transient failure (network, 408, 429, 5xx, an ack timeout): send <c>Remaining</c> again later.</summary>
    Retry,

    /// <summary>413: the request was too large; split it.</summary>
    TooLarge,

    /// <summary>The request was refused for good as a whole: dead-letter <c>Remaining</c>.</summary>
    Rejected,

    /// <summary>Our credentials are refused (401, 403, HEC's token codes).</summary>
    Unauthorized,

    /// <summary>Refused for good otherwise (a certificate, not the expected server, a setting the server refuses).</summary>
    Fatal,
}

/// <summary>One item the server refused for good, with its status and reason, for the dead-letter file.</summary>
internal readonly record struct RefusedItem<TItem>(TItem Item, int? Status, string Reason);

/// <summary>The answer to one send, classified by the output: the outcome, the items it leaves to do, the server's status
/// and words, its <c>Retry-After</c>, and the items it refused one by one (dead-lettered whatever the outcome).</summary>
internal sealed record DeliveryAnswer<TItem>(
    DeliveryOutcome Outcome, List<TItem> Remaining, int? Status, string Failure, TimeSpan? RetryAfter = null)
{
    public IReadOnlyList<RefusedItem<TItem>> Refused { get; init; } = [];

    public static DeliveryAnswer<TItem> Done { get; } = new(DeliveryOutcome.Done, [], null, string.Empty);
}

using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>What one <c>_bulk</c> request achieved, and what is left to do with the documents it did not settle.</summary>
internal sealed record BulkRound(BulkRoundKind Kind, List<OutgoingDocument> Remaining, int? Status, string Failure)
    : IRetryableRound<OutgoingDocument>
{
    public bool WantsRetry => Kind == BulkRoundKind.Retry;

    /// <summary>Elasticsearch sends no <c>Retry-After</c>; the backoff alone decides.</summary>
    public TimeSpan? RetryAfter => null;

    public static BulkRound Done { get; } = new(BulkRoundKind.Done, [], null, string.Empty);
}

internal enum BulkRoundKind
{
    /// <summary>Every document acknowledged or dead-lettered.</summary>
    Done,

    /// <summary>A transient failure (network, 429, 5xx, item-level 429): send <c>Remaining</c> again later.</summary>
    Retry,

    /// <summary>413: the request was too large; split it.</summary>
    TooLarge,

    /// <summary>The whole request was refused for good (400 and other 4xx): dead-letter <c>Remaining</c>.</summary>
    Rejected,

    /// <summary>401 or 403: our credentials are refused; stop (<c>ship</c>) or keep trying until they are fixed (<c>run</c>).</summary>
    Unauthorized,

    /// <summary>Refused for good otherwise (a certificate, not Elasticsearch): stop.</summary>
    Fatal,
}

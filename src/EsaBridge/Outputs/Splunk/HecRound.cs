using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Splunk;

/// <summary>What one event post (and its ack, when on) achieved, and what is left to do with the events it did not settle.</summary>
internal sealed record HecRound(HecRoundKind Kind, List<HecEvent> Remaining, int? Status, string Failure, TimeSpan? RetryAfter = null)
    : IRetryableRound<HecEvent>
{
    public bool WantsRetry => Kind == HecRoundKind.Retry;

    public static HecRound Done { get; } = new(HecRoundKind.Done, [], null, string.Empty);
}

internal enum HecRoundKind
{
    /// <summary>Every event indexed (and acknowledged, when on) or dead-lettered.</summary>
    Done,

    /// <summary>500, 503, a network error or an ack timeout: send <c>Remaining</c> again later.</summary>
    Retry,

    /// <summary>413: the body was over <c>max_content_length</c>; split it.</summary>
    TooLarge,

    /// <summary>Refused for good as a whole (a 400 without <c>invalid-event-number</c>): dead-letter <c>Remaining</c>.</summary>
    Rejected,

    /// <summary>The token is refused (codes 1-4, 401, 403, <c>Invalid token</c>): stop (<c>ship</c>) or keep trying until it is fixed (<c>run</c>).</summary>
    Unauthorized,

    /// <summary>A missing or invalid channel, acks off, TLS, wrong URL: stop.</summary>
    Fatal,
}

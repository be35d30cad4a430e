using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.Retry;

namespace EsaBridge.Delivery;

/// <summary>What one send to a server achieved: whether to send again, what is left, and not before when.</summary>
internal interface IRetryableRound<TItem>
{
    bool WantsRetry { get; }

    List<TItem> Remaining { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    TimeSpan? RetryAfter { get; }
}

/// <summary>
/// The retry loop every output shares: sends what is left again while the round asks for it, with exponential
/// backoff and full jitter (never sooner than the server's <c>Retry-After</c>), until the retry time is used up.
/// Resends are counted in <see cref="DeliveryCounters.Retried"/>.
/// </summary>
internal sealed class DeadlineRetry(FullJitterBackoff backoff, TimeProvider time)
{
    /// <returns>The last round: done, refused, or still asking for a retry when the time ran out.</returns>
    /// <remarks>The annotation on <typeparamref name="TRound"/> is what Polly's <c>AddRetry</c> asks of its result type, for trimming.</remarks>
    public async Task<TRound> RunAsync<TItem, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TRound>(
        List<TItem> items,
        TimeSpan retryFor,
        DeliveryCounters counters,
        Func<List<TItem>, CancellationToken, Task<TRound>> sendOnce,
        Action<TRound, TimeSpan>? onRetry,
        CancellationToken cancellation)
        where TRound : class, IRetryableRound<TItem>
    {
        var deadline = time.GetUtcNow() + retryFor;
        var pending = items;
        bool firstRound = true;
        var retry = new ResiliencePipelineBuilder<TRound> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<TRound>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.WantsRetry == true && time.GetUtcNow() < deadline),
                DelayGenerator = args =>
                {
                    var delay = backoff.Delay(args.AttemptNumber);
                    if (args.Outcome.Result?.RetryAfter is { } after && after > delay)
                    {
                        delay = after;
                    }

                    var left = deadline - time.GetUtcNow();
                    return ValueTask.FromResult<TimeSpan?>(delay < left ? delay : left);
                },
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Result!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        return await retry.ExecuteAsync(
            async token =>
            {
                if (!firstRound)
                {
                    counters.AddRetried(pending.Count);
                }

                firstRound = false;
                var result = await sendOnce(pending, token).ConfigureAwait(false);
                pending = result.Remaining;
                return result;
            },
            cancellation).ConfigureAwait(false);
    }
}

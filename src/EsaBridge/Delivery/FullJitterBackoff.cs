namespace EsaBridge.Delivery;

/// <summary>Exponential backoff with full jitter: a random delay between zero and min(cap, base × 2^attempt), as AWS's
/// "Exponential Backoff and Jitter" describes; spreads retries of many senders after an outage.</summary>
internal sealed class FullJitterBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{

    public TimeSpan Delay(int attempt)
    {
        double ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

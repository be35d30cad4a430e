namespace EsaBridge.Reporting;

/// <summary>One bar of the idle-seconds histogram: <paramref name="From"/> to <paramref name="To"/> inclusive.</summary>
/// <param name="To">Null for the last, open-ended bin.</param>
/// <param name="IsListenerTimeout">True for the bin around the listener timeout (timeout ± tolerance).</param>
public sealed record IdleBin(string Label, long From, long? To, long Count, bool IsListenerTimeout)
{
    public bool Contains(long idleSeconds) => idleSeconds >= From && (To is null || idleSeconds <= To);
}

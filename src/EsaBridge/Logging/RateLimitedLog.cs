namespace EsaBridge.Logging;

/// <summary>Lets a repeated log line out at most once per interval and counts the occurrences held back: the one rate
/// limit behind every repeated warning (syslog refusals and drops, outputs in trouble, evictions). Thread-safe.</summary>
internal sealed class RateLimitedLog(TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private long? _lastLogged;
    private long _heldBack;

    /// <returns>True when this occurrence is to be logged; then <paramref name="heldBack"/> is how many were not since the last one.</returns>
    public bool ShouldLog(out long heldBack)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (_lastLogged is { } last && _time.GetElapsedTime(last, now) < interval)
            {
                _heldBack++;
                heldBack = 0;
                return false;
            }

            _lastLogged = now;
            heldBack = _heldBack;
            _heldBack = 0;
            return true;
        }
    }

    /// <summary>The caller wrote what was held back by itself (at the end of an interval): the next interval starts now.</summary>
    public void Logged()
    {
        lock (_lock)
        {
            _lastLogged = _time.GetTimestamp();
            _heldBack = 0;
        }
    }
}

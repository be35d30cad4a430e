namespace EsaBridge.Delivery;

/// <summary>What has gone wrong for one output: failed attempts by kind, dead letters, a refusal (401/403, a refused
/// certificate), and when it last delivered. Outputs report here; <see cref="Happened"/> tells the log, and the service
/// reads the figures for <c>/metrics</c>, <c>/health</c> and the status line. Thread-safe.</summary>
internal sealed class DeliveryTrouble
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _failuresByKind = new(StringComparer.Ordinal);
    private long _failures;
    private string? _lastFailure;
    private string? _refusal;

    /// <summary>Raised on the reporting thread; handlers must be quick and must not throw.</summary>
    public event Action<TroubleEvent>? Happened;

    /// <summary>Failed delivery attempts (each retried, or refused), all kinds together.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The server's (or the network's) words for the last failure since the last delivery; null once delivered.</summary>
    public string? LastFailure => Locked(() => _lastFailure);

    /// <summary>Why the server refuses us (bad credentials, a certificate), until a delivery succeeds again.</summary>
    public string? Refusal => Locked(() => _refusal);

    public IReadOnlyList<KeyValuePair<string, long>> FailuresByKind =>
        Locked<IReadOnlyList<KeyValuePair<string, long>>>(() => [.. _failuresByKind.OrderBy(k => k.Key, StringComparer.Ordinal)]);

    /// <param name="kind">What failed, for counting and rate-limiting: <c>HTTP 503</c>, <c>network error</c>.</param>
    /// <param name="reason">The server's or the network's words.</param>
    /// <param name="next">What happens now: <c>35 documents again in 2.0 s</c>.</param>
    public void Retrying(string kind, string reason, string next)
    {
        Count(kind, reason, refusal: false);
        Happened?.Invoke(new TroubleEvent(TroubleKind.Retry, kind, $"{reason}; {next}", 0));
    }

    /// <summary>The server refuses us for good (credentials, certificate, a wrong address): nothing is delivered until that is fixed.</summary>
    /// <param name="next">What happens now: <c>35 documents stay in the spool, next try in 30.0 s</c>.</param>
    public void Refused(string kind, string reason, string next)
    {
        Count(kind, reason, refusal: true);
        Happened?.Invoke(new TroubleEvent(TroubleKind.Refused, kind, $"{reason}; {next}", 0));
    }

    public void DeadLettered(long documents, int? status, string reason)
    {
        if (documents > 0)
        {
            string kind = status is int code ? $"HTTP {code}" : "refused";
            Happened?.Invoke(new TroubleEvent(TroubleKind.DeadLetter, kind, reason, documents));
        }
    }

    /// <summary>A batch was acknowledged: a refusal or an outage is over.</summary>
    public void Delivered()
    {
        string? over;
        lock (_gate)
        {
            over = _refusal ?? _lastFailure;
            _refusal = null;
            _lastFailure = null;
        }

        if (over is not null)
        {
            Happened?.Invoke(new TroubleEvent(TroubleKind.Recovered, "recovered", over, 0));
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Count(string kind, string reason, bool refusal)
    {
        Interlocked.Increment(ref _failures);
        lock (_gate)
        {
            _failuresByKind[kind] = _failuresByKind.GetValueOrDefault(kind) + 1;
            _lastFailure = reason;
            _refusal = refusal ? reason : null;
        }
    }
}

internal enum TroubleKind
{
    Retry,
    Refused,
    DeadLetter,
    Recovered,
}

/// <param name="Key">The failure's kind (<c>HTTP 503</c>, <c>network error</c>): lines are rate-limited per kind.</param>
/// <param name="Documents">Dead letters: how many documents this event put in the file.</param>
internal sealed record TroubleEvent(TroubleKind Kind, string Key, string Text, long Documents);

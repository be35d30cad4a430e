using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>Scripted faults; every member is thread-safe and takes effect on the next request that reaches the double.</summary>
public sealed class HecFaultPlan
{
    private readonly Lock _gate = new();
    private readonly Queue<EventPostFault> _next = new();
    private readonly List<Func<JsonObject, HecCode?>> _eventRules = [];
    private HecCode? _failAll;
    private int _ackPendingPolls;

    /// <summary>
    /// The next <paramref name="times"/> event posts are refused as a whole with <paramref name="code"/> (8: 500 Internal
    /// server error, 9: 503 Server is busy), with <c>Retry-After</c> when given; nothing of them is indexed.
    /// </summary>
    public void FailNext(HecCode code, int times = 1, TimeSpan? retryAfter = null) =>
        Enqueue(new EventPostFault(EventPostFaultKind.Fail, code, retryAfter), times);

    /// <summary>The next <paramref name="times"/> event posts are read, not indexed, and the connection is aborted.</summary>
    public void DropNext(int times = 1) => Enqueue(new EventPostFault(EventPostFaultKind.Drop, HecCode.Success, null), times);

    /// <summary>
    /// The next <paramref name="times"/> event posts are answered Success with an <c>ackId</c>, but the indexer loses them:
    /// none of their events is indexed and their ack never turns true (needs <see cref="HecDoubleOptions.AckEnabled"/>).
    /// </summary>
    public void LoseNext(int times = 1) => Enqueue(new EventPostFault(EventPostFaultKind.Lose, HecCode.Success, null), times);

    /// <summary>
    /// The first event of a batch for which <paramref name="rule"/> returns a code (6, 7, 12, 13 or 15) is refused with
    /// that code and its <c>invalid-event-number</c>; the events before it are indexed, the ones after it are not.
    /// </summary>
    public void RejectEvents(Func<JsonObject, HecCode?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _eventRules.Add(rule);
        }
    }

    /// <summary>Every new ack id answers false to its first <paramref name="polls"/> polls before it turns true.</summary>
    public void DelayAcks(int polls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(polls);
        lock (_gate)
        {
            _ackPendingPolls = polls;
        }
    }

    /// <summary>Every event post and ack poll is refused with <paramref name="code"/> until <see cref="Clear"/>.</summary>
    public void FailAll(HecCode code)
    {
        lock (_gate)
        {
            _failAll = code;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _next.Clear();
            _eventRules.Clear();
            _failAll = null;
            _ackPendingPolls = 0;
        }
    }

    internal HecCode? FailAllCode
    {
        get
        {
            lock (_gate)
            {
                return _failAll;
            }
        }
    }

    internal int AckPendingPolls
    {
        get
        {
            lock (_gate)
            {
                return _ackPendingPolls;
            }
        }
    }

    internal EventPostFault? TakeNext()
    {
        lock (_gate)
        {
            return _next.TryDequeue(out var fault) ? fault : null;
        }
    }

    internal bool HasEventRules
    {
        get
        {
            lock (_gate)
            {
                return _eventRules.Count > 0;
            }
        }
    }

    internal HecCode? EventFault(JsonObject envelope)
    {
        Func<JsonObject, HecCode?>[] rules;
        lock (_gate)
        {
            rules = [.. _eventRules];
        }

        return rules.Select(rule => rule(envelope)).FirstOrDefault(code => code is not null);
    }

    private void Enqueue(EventPostFault fault, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        lock (_gate)
        {
            for (int i = 0; i < times; i++)
            {
                _next.Enqueue(fault);
            }
        }
    }
}

internal enum EventPostFaultKind
{
    Fail,
    Drop,
    Lose,
}

internal sealed record EventPostFault(EventPostFaultKind Kind, HecCode Code, TimeSpan? RetryAfter);

using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Scripted faults; every member is thread-safe and takes effect on the next request that reaches the double.</summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly Queue<BulkFault> _bulkFaults = new();
    private readonly List<Func<string, bool>> _rejectOnce = [];
    private readonly HashSet<string> _rejectedIds = new(StringComparer.Ordinal);
    private readonly List<Func<JsonObject, string?>> _rejectAlways = [];
    private int? _failAll;

    /// <summary>
    /// The next <paramref name="times"/> <c>_bulk</c> requests answer <paramref name="status"/> as a whole without applying
    /// anything: 429 and 503 with Elasticsearch's JSON error bodies, 502 and 504 with a proxy's HTML page (and, like a
    /// proxy, without <c>X-Elastic-Product</c>).
    /// </summary>
    public void FailNextBulk(int status, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        Enqueue(new BulkFault(status), times);
    }

    /// <summary>The next <paramref name="times"/> <c>_bulk</c> requests are read, not applied, and the connection is aborted.</summary>
    public void DropNextBulk(int times = 1) => Enqueue(new BulkFault(Status: null), times);

    /// <summary>Items whose <c>_id</c> matches fail with a per-item 429 es_rejected_execution_exception, once per id.</summary>
    public void RejectItemsOnce(Func<string, bool> idMatches)
    {
        ArgumentNullException.ThrowIfNull(idMatches);
        lock (_gate)
        {
            _rejectOnce.Add(idMatches);
        }
    }

    /// <summary>Items for whose source <paramref name="reason"/> returns a text fail with a per-item 400 document_parsing_exception.</summary>
    public void RejectItemsAlways(Func<JsonObject, string?> reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            _rejectAlways.Add(reason);
        }
    }

    /// <summary>Every request, whatever its route, answers <paramref name="status"/> until <see cref="Clear"/>.</summary>
    public void FailAll(int status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        lock (_gate)
        {
            _failAll = status;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _bulkFaults.Clear();
            _rejectOnce.Clear();
            _rejectedIds.Clear();
            _rejectAlways.Clear();
            _failAll = null;
        }
    }

    internal int? FailAllStatus
    {
        get
        {
            lock (_gate)
            {
                return _failAll;
            }
        }
    }

    /// <summary>Takes the fault planned for this bulk request, if any.</summary>
    internal BulkFault? TakeBulkFault()
    {
        lock (_gate)
        {
            return _bulkFaults.TryDequeue(out var fault) ? fault : null;
        }
    }

    /// <summary>True when this item must be rejected with 429 now (and remembers that its one rejection happened).</summary>
    internal bool RejectNow(string id)
    {
        lock (_gate)
        {
            return _rejectOnce.Count > 0 && !_rejectedIds.Contains(id) && _rejectOnce.Exists(match => match(id)) && _rejectedIds.Add(id);
        }
    }

    internal bool HasParsingRules
    {
        get
        {
            lock (_gate)
            {
                return _rejectAlways.Count > 0;
            }
        }
    }

    /// <summary>The first scripted parsing failure for this source, if any.</summary>
    internal string? ParsingFailure(JsonObject source)
    {
        Func<JsonObject, string?>[] rules;
        lock (_gate)
        {
            rules = [.. _rejectAlways];
        }

        return rules.Select(rule => rule(source)).FirstOrDefault(reason => reason is not null);
    }

    private void Enqueue(BulkFault fault, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        lock (_gate)
        {
            for (int i = 0; i < times; i++)
            {
                _bulkFaults.Enqueue(fault);
            }
        }
    }
}

namespace EsaBridge.Delivery;

/// <summary>What happened to the documents handed to an output. Thread-safe.</summary>
internal sealed class DeliveryCounters
{
    private long _sent;
    private long _created;
    private long _alreadyPresent;
    private long _retried;
    private long _deadLettered;

    public long Sent => Interlocked.Read(ref _sent);

    public long Created => Interlocked.Read(ref _created);

    /// <summary>Documents the server already had (a replay): acknowledged, not duplicated.</summary>
    public long AlreadyPresent => Interlocked.Read(ref _alreadyPresent);

    /// <summary>Sends of a document beyond its first (whole-request or per-item retries).</summary>
    public long Retried => Interlocked.Read(ref _retried);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public long Acknowledged => Created + AlreadyPresent;

    public void AddSent(long count) => Interlocked.Add(ref _sent, count);

    public void AddCreated(long count) => Interlocked.Add(ref _created, count);

    public void AddAlreadyPresent(long count) => Interlocked.Add(ref _alreadyPresent, count);

    public void AddRetried(long count) => Interlocked.Add(ref _retried, count);

    public void AddDeadLettered(long count) => Interlocked.Add(ref _deadLettered, count);
}

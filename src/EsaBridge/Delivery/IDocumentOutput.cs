namespace EsaBridge.Delivery;

/// <summary>A destination for documents. Its batches are delivered through a <see cref="DeliveryEngine"/>,
/// which owns the retries, 413 splitting, dead letters and refusals; an output over the network sends items
/// through <see cref="DeliveryEngine.DeliverAsync{TItem}"/> as an <see cref="IBatchSender{TItem}"/>: send once,
/// classify the answer.</summary>
internal interface IDocumentOutput : IAsyncDisposable
{
    string Name { get; }

    DeliveryCounters Counters { get; }

    /// <summary>Failures, refusals and dead letters as they happen, for the log, <c>/metrics</c> and <c>/health</c>.</summary>
    DeliveryTrouble Trouble { get; }

    (int Documents, long Bytes) BatchLimits { get; }

    /// <summary>Delivers a batch, its sends through <paramref name="engine"/>; returns once every document is acknowledged or dead-lettered.</summary>
    Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation);
}

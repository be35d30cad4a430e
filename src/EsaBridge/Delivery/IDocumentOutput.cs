namespace EsaBridge.Delivery;

/// <summary>A destination for documents, delivered through a <see cref="DeliveryEngine"/>; an output over the network
/// sends through it as an <see cref="IBatchSender{TItem}"/>.</summary>
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

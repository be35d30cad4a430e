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

    /// <summary>Makes ahead what sending <paramref name="batch"/> needs (its request body, compressed), so that when a
    /// slot to send it is free only bytes are written: the <see cref="OutputWorker"/> prepares the next batch while the
    /// earlier ones are out. Null when the output has nothing to make ahead.</summary>
    /// <remarks>A body compressed while it was sent kept the server waiting for it, with both cores idle meanwhile: <c>ship</c>
    /// to Elasticsearch 4 % slower in wall time at equal CPU than before the redesign (docs/PERFORMANCE.md, issue 15).</remarks>
    IPreparedBatch? Prepare(IReadOnlyList<OutgoingDocument> batch) => null;

    /// <summary>Delivers a batch with what <see cref="Prepare"/> made of it (the caller disposes that afterwards).</summary>
    Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, IPreparedBatch? prepared, DeliveryEngine engine, CancellationToken cancellation) =>
        DeliverAsync(batch, engine, cancellation);
}

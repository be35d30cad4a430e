namespace EsaBridge.Delivery;

/// <summary>
/// A destination for documents. An output owns its retries: <see cref="DeliverAsync"/> returns only when every
/// document of the batch is acknowledged or dead-lettered, or throws <see cref="OutputFatalException"/> when the
/// server refuses us for good (bad credentials). Retries and dead letters are reported to <see cref="Trouble"/>.
/// </summary>
internal interface IDocumentOutput : IAsyncDisposable
{
    string Name { get; }

    DeliveryCounters Counters { get; }

    /// <summary>Failures, refusals and dead letters as they happen, for the log, <c>/metrics</c> and <c>/health</c>.</summary>
    DeliveryTrouble Trouble { get; }

    /// <summary>Largest batch in documents and in bytes the output wants.</summary>
    (int Documents, long Bytes) BatchLimits { get; }

    Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, CancellationToken cancellation);
}

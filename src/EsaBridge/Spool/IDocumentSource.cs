using EsaBridge.Delivery;

namespace EsaBridge.Spool;

/// <summary>Where an <see cref="OutputWorker"/> reads its documents: the service's <see cref="DocumentSpool"/> on disk,
/// or the <see cref="MemorySpool"/> of a batch run. Positions only grow; what lies before <see
/// cref="CommittedPosition"/> can be read.</summary>
internal interface IDocumentSource
{
    long CommittedPosition { get; }

    long OldestPosition { get; }

    /// <summary>Waits until documents exist at or after <paramref name="position"/>.</summary>
    Task WaitForDataAsync(long position, CancellationToken cancellation);

    /// <summary>Reads committed documents from <paramref name="position"/> within the limits.</summary>
    /// <returns>The documents and the position after the last one.</returns>
    (List<OutgoingDocument> Documents, long Next) Read(long position, int maxDocuments, long maxBytes);
}

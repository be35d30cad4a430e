using EsaBridge.Delivery;

namespace EsaBridge.Outputs.File;

/// <summary>Documents as NDJSON to a stream: standard output when <c>run</c> has no other output.</summary>
internal sealed class StreamOutput(Stream destination, string name = "stdout") : IDocumentOutput
{
    public string Name => name;

    public DeliveryCounters Counters { get; } = new();

    public DeliveryTrouble Trouble { get; } = new();

    public (int Documents, long Bytes) BatchLimits => (1000, 4L << 20);

    public async Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation)
    {
        Counters.AddSent(batch.Count);
        foreach (var document in batch)
        {
            await destination.WriteAsync(document.Json, cancellation).ConfigureAwait(false);
            destination.WriteByte((byte)'\n');
        }

        await destination.FlushAsync(cancellation).ConfigureAwait(false);
        Counters.AddCreated(batch.Count);
    }

    public ValueTask DisposeAsync() => destination.DisposeAsync();
}

namespace EsaBridge.Delivery;

/// <summary>What an output made of a batch before sending it (<see cref="IDocumentOutput.Prepare"/>); disposing it gives
/// its buffers back.</summary>
internal interface IPreparedBatch : IDisposable
{
}

namespace EsaBridge.Delivery;

/// <summary>
/// Large byte arrays handed out and taken back, so the JSON of every batch goes into memory that is already mapped
/// and warm instead of a fresh array per document (which the GC must clear, page in, and copy when a batch outlives a
/// collection while it waits for its acknowledgement).
/// </summary>
internal sealed class ChunkPool(int chunkSize, int maxKept)
{
    private readonly Lock _gate = new();
    private readonly Stack<byte[]> _free = new();

    public int ChunkSize { get; } = chunkSize;

    public byte[] Rent()
    {
        lock (_gate)
        {
            if (_free.TryPop(out byte[]? chunk))
            {
                return chunk;
            }
        }

        return GC.AllocateUninitializedArray<byte>(ChunkSize);
    }

    public void Return(byte[] chunk)
    {
        lock (_gate)
        {
            if (_free.Count < maxKept)
            {
                _free.Push(chunk);
            }
        }
    }
}

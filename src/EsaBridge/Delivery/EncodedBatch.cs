namespace EsaBridge.Delivery;

/// <summary>
/// One batch on its way to the outputs: its documents, whose JSON is packed into chunks of a <see cref="ChunkPool"/>
/// (a document larger than a chunk gets an array of its own). <see cref="Release"/> gives the chunks back once every
/// output is done with the batch; until then the documents' bytes stay as they were written.
/// </summary>
internal sealed class EncodedBatch(ChunkPool pool)
{
    private readonly List<byte[]> _chunks = [];
    private byte[]? _chunk;
    private int _used;

    public List<OutgoingDocument> Documents { get; } = [];

    /// <summary>The JSON bytes of all documents.</summary>
    public long Bytes { get; private set; }

    public int Count => Documents.Count;

    public void Add(string id, ReadOnlySpan<byte> json)
    {
        Memory<byte> place;
        if (json.Length > pool.ChunkSize)
        {
            place = json.ToArray();
        }
        else
        {
            if (_chunk is null || pool.ChunkSize - _used < json.Length)
            {
                _chunk = pool.Rent();
                _chunks.Add(_chunk);
                _used = 0;
            }

            place = _chunk.AsMemory(_used, json.Length);
            json.CopyTo(place.Span);
            _used += json.Length;
        }

        Documents.Add(new OutgoingDocument(id, place));
        Bytes += json.Length;
    }

    /// <summary>Hands the chunks back; the documents must not be read afterwards.</summary>
    public void Release()
    {
        foreach (byte[] chunk in _chunks)
        {
            pool.Return(chunk);
        }

        _chunks.Clear();
        _chunk = null;
    }
}

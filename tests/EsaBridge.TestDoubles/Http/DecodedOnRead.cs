using System.Buffers;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>
/// Bytes kept encoded (a request body as received) and decoded the first time they are read: slices of
/// <see cref="Memory"/> behave like slices of the decoded array, which exists only once someone reads them.
/// </summary>
internal sealed class DecodedOnRead(byte[] encoded, int length, Func<byte[], byte[]> decode) : MemoryManager<byte>
{
    private readonly Lock _gate = new();
    private byte[]? _decoded;

    public override Memory<byte> Memory => CreateMemory(length);

    public override Span<byte> GetSpan()
    {
        lock (_gate)
        {
            if (_decoded is null)
            {
                byte[] decoded = decode(encoded);
                if (decoded.Length != length)
                {
                    throw new InvalidOperationException($"decoding again gave {decoded.Length} bytes instead of {length}");
                }

                _decoded = decoded;
            }

            return _decoded;
        }
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        GetSpan();
        return _decoded.AsMemory(elementIndex).Pin();
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}

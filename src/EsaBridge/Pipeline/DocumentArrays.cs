using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EsaBridge.Pipeline;

/// <summary>The arrays written documents go round in, between the thread that writes them (the sessionizer, through a
/// <see cref="Core.Documents.DocumentSink"/>) and the thread that consumes them (a file, the spool, the outputs): full
/// ones one way, empty ones back. A fixed number exists, so a slow consumer slows the writer instead of filling memory.
/// A default segment can be handed as a marker (the consumer decides what it means).</summary>
internal sealed class DocumentArrays : IDisposable
{
    // Segments travel boxed: a collection of a reference type runs the framework's precompiled code, while one of
    // ArraySegment<byte> would be JIT-compiled at every start.
    private readonly BlockingCollection<StrongBox<ArraySegment<byte>>> _full;
    private readonly BlockingCollection<byte[]> _empty;

    /// <param name="count">Arrays in all, the first one (<see cref="First"/>) included.</param>
    public DocumentArrays(int count, int arrayBytes)
    {
        _full = new BlockingCollection<StrongBox<ArraySegment<byte>>>(boundedCapacity: count);
        _empty = new BlockingCollection<byte[]>(boundedCapacity: count);
        for (int i = 1; i < count; i++)
        {
            _empty.Add(new byte[arrayBytes]);
        }

        First = new byte[arrayBytes];
    }

    /// <summary>The array the writer starts in.</summary>
    public byte[] First { get; }

    /// <summary>Writer side: hands written bytes (or the default marker) to the consumer.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while the consumer held every array.</exception>
    public void Hand(ArraySegment<byte> written, CancellationToken cancellation = default) =>
        _full.Add(new StrongBox<ArraySegment<byte>>(written), cancellation);

    /// <summary>Writer side: waits for an empty array.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public byte[] TakeEmpty(CancellationToken cancellation = default) => _empty.Take(cancellation);

    /// <summary>Consumer side: the handed segments, in order, until <see cref="Complete"/>.</summary>
    public IEnumerable<ArraySegment<byte>> Handed()
    {
        foreach (var boxed in _full.GetConsumingEnumerable())
        {
            yield return boxed.Value;
        }
    }

    /// <summary>Consumer side: gives an array back once its bytes are no longer needed.</summary>
    public void Return(byte[] array) => _empty.Add(array);

    /// <summary>Writer side: nothing more will be handed.</summary>
    public void Complete() => _full.CompleteAdding();

    public void Dispose()
    {
        _full.Dispose();
        _empty.Dispose();
    }
}

using EsaBridge.Core.Documents;

namespace EsaBridge.Pipeline;

/// <summary>The output of <c>esabridge parse</c>: the sessionizer writes documents into arrays (<see cref="Documents"/>),
/// and a <see cref="DocumentPump"/> writes the full ones to the stream on a thread of its own.</summary>
internal sealed class NdjsonByteWriter : IDocumentConsumer, IDisposable
{
    private const int FlushBytes = 512 << 10;
    private const int Arrays = 3;

    private readonly Stream _destination;
    private readonly DocumentPump _pump;

    public NdjsonByteWriter(Stream destination)
    {
        _destination = destination;
        _pump = new DocumentPump(
            "ndjson-writer",
            Arrays,
            FlushBytes + (64 << 10),
            this,
            static e => e is IOException or UnauthorizedAccessException or ObjectDisposedException,
            "cannot write documents");
        Documents = new NdjsonDocumentSink(_pump.HandOff, _pump.First, FlushBytes, "esabridge-write");
    }

    public NdjsonDocumentSink Documents { get; }

    /// <summary>Writes everything written so far and waits for it; throws the writer's error if it had one.</summary>
    public void Complete()
    {
        Documents.Flush();
        _pump.Complete();
    }

    public void Dispose()
    {
        Documents.Dispose();
        _pump.Dispose();
        try
        {
            _destination.Dispose();
        }
        catch (IOException)
        {
            // Complete flushed everything it could; what is left is the bytes that already failed, and that error,
            // "cannot write documents: ...", is on its way: the same error again must not replace it.
        }
    }

    void IDocumentConsumer.Consume(ArraySegment<byte> documents) => _destination.Write(documents);

    void IDocumentConsumer.Drained() => _destination.Flush();

    void IDocumentConsumer.Completed() => _destination.Flush();
}

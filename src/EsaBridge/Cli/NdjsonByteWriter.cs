using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EsaBridge.Core.Documents;

namespace EsaBridge.Cli;

/// <summary>
/// The output of <c>esabridge parse</c>: the sessionizer writes documents into arrays (<see cref="Documents"/>), and
/// a thread of its own writes the full ones to the stream, so writing overlaps parsing. A few arrays go round
/// between the two, so memory stays flat.
/// </summary>
internal sealed class NdjsonByteWriter : IDisposable
{
    private const int FlushBytes = 1 << 20;
    private const int Arrays = 3;

    private readonly Stream _destination;
    // Segments travel boxed: a collection of a reference type runs the framework's precompiled code, while one of
    // ArraySegment<byte> would be JIT-compiled at every start.
    private readonly BlockingCollection<StrongBox<ArraySegment<byte>>> _full = new(boundedCapacity: Arrays);
    private readonly BlockingCollection<byte[]> _empty = new(boundedCapacity: Arrays);
    private readonly Thread _writer;
    private Exception? _writeError;
    private bool _completed;

    public NdjsonByteWriter(Stream destination)
    {
        _destination = destination;
        for (int i = 1; i < Arrays; i++)
        {
            _empty.Add(NewArray());
        }

        Documents = new NdjsonDocumentSink(HandOff, NewArray(), FlushBytes);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "ndjson-writer" };
        _writer.Start();
    }

    public NdjsonDocumentSink Documents { get; }

    /// <summary>Writes everything written so far and waits for it; throws the writer's error if it had one.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            Documents.Flush();
            _completed = true;
            _full.CompleteAdding();
            _writer.Join();
        }

        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _full.CompleteAdding();
            _writer.Join();
        }

        _full.Dispose();
        _empty.Dispose();
        _destination.Dispose();
    }

    private static byte[] NewArray() => new byte[FlushBytes + (64 << 10)];

    private byte[] HandOff(ArraySegment<byte> written)
    {
        ThrowIfFailed();
        _full.Add(new StrongBox<ArraySegment<byte>>(written));
        return _empty.Take();
    }

    private void ThrowIfFailed()
    {
        if (_writeError is not null)
        {
            throw new IOException($"cannot write documents: {_writeError.Message}", _writeError);
        }
    }

    private void WriteLoop()
    {
        try
        {
            foreach (var written in _full.GetConsumingEnumerable())
            {
                _destination.Write(written.Value);
                _empty.Add(written.Value.Array!);
            }

            _destination.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _writeError = e;
            foreach (var written in _full.GetConsumingEnumerable())
            {
                // Keep giving arrays back so the producer never blocks on a dead writer; it throws at its next hand-off.
                _empty.Add(written.Value.Array!);
            }
        }
    }
}

using EsaBridge.Core.Documents;
using EsaBridge.Delivery;

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
    private readonly DocumentArrays _arrays = new(Arrays, FlushBytes + (64 << 10));
    private readonly Thread _writer;
    private Exception? _writeError;
    private bool _completed;

    public NdjsonByteWriter(Stream destination)
    {
        _destination = destination;
        Documents = new NdjsonDocumentSink(HandOff, _arrays.First, FlushBytes);
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
            _arrays.Complete();
            _writer.Join();
        }

        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _arrays.Complete();
            _writer.Join();
        }

        _arrays.Dispose();
        _destination.Dispose();
    }

    private byte[] HandOff(ArraySegment<byte> written)
    {
        ThrowIfFailed();
        _arrays.Hand(written);
        return _arrays.TakeEmpty();
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
            foreach (var written in _arrays.Handed())
            {
                _destination.Write(written);
                _arrays.Return(written.Array!);
            }

            _destination.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _writeError = e;
            foreach (var written in _arrays.Handed())
            {
                // Keep giving arrays back so the producer never blocks on a dead writer; it throws at its next hand-off.
                _arrays.Return(written.Array!);
            }
        }
    }
}

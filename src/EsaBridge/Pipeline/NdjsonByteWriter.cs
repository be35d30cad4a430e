using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Threading;

namespace EsaBridge.Pipeline;

/// <summary>The output of <c>esabridge parse</c>: the document writing stage writes documents into arrays (<see
/// cref="Documents"/>), and an output stage downstream of it writes the full ones to the stream, on the threads the
/// writing and sessionizing stages share (<see cref="StageWorkers"/>). The writing stage hands a full array over and
/// takes an empty one back, writing out the full ones itself while it waits, so a slow stream slows the pipeline down.
/// A write's failure is thrown on the writing side at the next hand-off and at <see cref="Complete"/>, as
/// <c>cannot write documents: ...</c>.</summary>
/// <remarks>The output had a thread of its own (a <see cref="DocumentPump"/>, as <c>run</c>'s spool still has): 5,100-6,000
/// of native <c>parse</c>'s 11,500-12,600 context switches, to hand 512 KiB arrays over. As a stage, with the writing
/// stage's batches of 256 (<c>DocumentWritingThread</c>), 400-500 switches and <c>parse</c> 0.91 of the wall
/// time (24 pairs, faster in 19; CPU 0.93); this stage alone, with batches of 64: 0.98-1.00 (docs/PERFORMANCE.md).</remarks>
internal sealed class NdjsonByteWriter : IDisposable
{
    /// <summary>Bytes handed to the output at once. 256 KiB instead of 512: peak RSS 46.9 against 48.3 MB (batches of 256
    /// had raised it), wall 0.982 (16 pairs, faster in 9; docs/PERFORMANCE.md).</summary>
    private const int FlushBytes = 256 << 10;
    private const int Arrays = 3;

    private readonly Stream _destination;
    private readonly StageWorkers _workers;
    private readonly IStage<StrongBox<ArraySegment<byte>>> _output;
    private readonly BlockingCollection<byte[]> _empty = new(boundedCapacity: Arrays);
    private Exception? _completeFailure;

    /// <param name="flushBytes">Bytes written before an array is handed to the output (small in tests).</param>
    public NdjsonByteWriter(Stream destination, int flushBytes = FlushBytes)
    {
        _destination = destination;

        // Room for the document that crosses the flush size.
        int arrayBytes = flushBytes + (64 << 10);
        for (int i = 1; i < Arrays; i++)
        {
            _empty.Add(new byte[arrayBytes]);
        }

        _workers = new StageWorkers("esabridge-write");

        // Added first: downstream of the writing stage, so it is served first and the arrays come back.
        _output = _workers.Add<StrongBox<ArraySegment<byte>>>(Write, written => _empty.Add(written.Value.Array!));
        Documents = new NdjsonDocumentSink(HandOff, new byte[arrayBytes], flushBytes, "esabridge-write", _workers);
    }

    public NdjsonDocumentSink Documents { get; }

    /// <summary>Writes everything written so far and waits for it; throws the writer's error if it had one.</summary>
    public void Complete()
    {
        Documents.Flush();
        _output.Stop();
        ThrowIfFailed();
        try
        {
            _destination.Flush();
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            _completeFailure = e;
            ThrowIfFailed();
        }
    }

    public void Dispose()
    {
        Documents.Dispose();
        _output.Dispose();
        _workers.Dispose();
        if (_output.Ended)
        {
            _empty.Dispose();
        }

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

    private static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException or ObjectDisposedException;

    /// <summary>On the writing stage: hands written documents over; returns an empty array to write on into.</summary>
    /// <exception cref="IOException">Writing to the stream failed.</exception>
    private byte[] HandOff(ArraySegment<byte> written)
    {
        ThrowIfFailed();
        _output.Hand(new StrongBox<ArraySegment<byte>>(written));
        return _output.Take(_empty);
    }

    private void Write(StrongBox<ArraySegment<byte>> written) => _destination.Write(written.Value);

    private void ThrowIfFailed()
    {
        var failure = _completeFailure ?? _output.Failure?.SourceException;
        if (failure is null)
        {
            return;
        }

        if (!IsWriteFailure(failure))
        {
            _output.Failure!.Throw();
        }

        throw new IOException($"cannot write documents: {failure.Message}", failure);
    }
}

using EsaBridge.Core.Documents;
using EsaBridge.Pipeline;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Spool;

/// <summary>Appends documents to the spool on a thread of its own (a <see cref="DocumentPump"/>), so reading and writing
/// use both cores. <see cref="Drain"/> waits until every document written so far is in the spool and handed to the
/// operating system: the ingest thread calls it before each commit, so a checkpoint never names a document that is not
/// written. When the disk is full, the writer keeps the document it could not write and tries again every second (<see
/// cref="DiskFullRetry"/>); the arrays stop coming back and reading waits: nothing is dropped.</summary>
internal sealed class SpoolWriter : IDocumentConsumer, IDisposable
{
    private const int FlushBytes = 128 << 10;
    private const int Arrays = 8;

    private readonly DocumentSpool _spool;
    private readonly AlreadySpooled? _alreadySpooled;
    private readonly DiskFullRetry _disk;
    private readonly CancellationTokenSource _givenUp = new();
    private readonly DocumentPump _pump;
    private long _drainedPosition;

    /// <param name="alreadySpooled">After a restart, the documents the spool already holds: made again, they are not appended twice.</param>
    /// <param name="stop">While the disk is full, stopping gives up waiting for room (the last checkpoint stands).</param>
    public SpoolWriter(DocumentSpool spool, AlreadySpooled? alreadySpooled, ILogger logger, CancellationToken stop)
    {
        _spool = spool;
        _alreadySpooled = alreadySpooled;
        _disk = new DiskFullRetry("spool", "reading paused, nothing dropped", "; reading resumed", logger, stop);
        _pump = new DocumentPump(
            "esabridge-spool",
            Arrays,
            FlushBytes + (16 << 10),
            this,
            static e => e is IOException or UnauthorizedAccessException or InvalidDataException,
            "cannot write to the spool",
            _givenUp.Token);
        Documents = new FramedDocumentSink(HandOff, _pump.First, FlushBytes, "esabridge-write");
    }

    /// <summary>Where the sessionizer hands the finished messages; their documents are written on a thread of their own.</summary>
    /// <remarks>Writing into it throws <see cref="DiskFullStopException"/> when stopped while the disk was full.</remarks>
    public FramedDocumentSink Documents { get; }

    public bool WaitingForDisk => _disk.Waiting;

    /// <returns>The spool position a checkpoint taken now may name.</returns>
    /// <exception cref="DiskFullStopException">Stopping while the disk was full.</exception>
    /// <exception cref="IOException">The spool cannot be written for another reason.</exception>
    public long Drain()
    {
        Documents.Flush();
        try
        {
            _pump.Drain();
        }
        catch (OperationCanceledException)
        {
            throw new DiskFullStopException();
        }

        return Interlocked.Read(ref _drainedPosition);
    }

    public void Dispose()
    {
        Documents.Dispose();
        _pump.Dispose();
        _givenUp.Dispose();
    }

    void IDocumentConsumer.Consume(ArraySegment<byte> documents)
    {
        try
        {
            AppendAll(documents);
        }
        catch (DiskFullStopException)
        {
            _givenUp.Cancel();
        }
    }

    void IDocumentConsumer.Drained()
    {
        try
        {
            Interlocked.Exchange(ref _drainedPosition, _disk.Run(static spool => spool.FlushToSystem(), _spool));
        }
        catch (DiskFullStopException)
        {
            _givenUp.Cancel();
        }
    }

    void IDocumentConsumer.Completed()
    {
    }

    private byte[] HandOff(ArraySegment<byte> written)
    {
        try
        {
            return _pump.HandOff(written);
        }
        catch (OperationCanceledException)
        {
            throw new DiskFullStopException();
        }
    }

    private void AppendAll(ArraySegment<byte> frames)
    {
        int offset = frames.Offset;
        int end = frames.Offset + frames.Count;
        while (offset < end)
        {
            int frameBytes = FramedDocumentSink.FrameLength(frames.Array.AsSpan(offset, end - offset));
            var frame = new ArraySegment<byte>(frames.Array!, offset, frameBytes);
            offset += frameBytes;
            if (_alreadySpooled is { Remaining: > 0 } spooled)
            {
                FramedDocumentSink.Split(frame, out var id, out _);
                if (spooled.TryDrop(id))
                {
                    continue;
                }
            }

            _disk.Run(Append, (_spool, frame));
        }
    }

    /// <summary>Appends one framed document; after a full disk it is called again with the same frame.</summary>
    private static bool Append((DocumentSpool Spool, ArraySegment<byte> Frame) document)
    {
        FramedDocumentSink.Split(document.Frame, out var id, out var json);
        document.Spool.Append(id, json);
        return true;
    }
}

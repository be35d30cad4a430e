using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Delivery;
using EsaBridge.Pipeline;

namespace EsaBridge.Spool;

/// <summary>The spool of a batch run (<c>ship</c>), in memory: the sessionizer writes each document, framed with its
/// id, into <see cref="Documents"/>; a thread of its own keeps the full arrays and commits them a batch at a time
/// (within every output's limits), so that the <see cref="OutputWorker"/>s read whole batches, as from the service's
/// spool. An array goes back to the writer once every worker has passed it (<see cref="Release"/>): a fixed number goes
/// round, so a slow or retrying output slows reading down instead of filling memory.</summary>
internal sealed class MemorySpool : IDocumentSource, IDisposable
{
    private const int FlushBytes = 128 << 10;
    private const int ArrayBytes = FlushBytes + (16 << 10);

    private readonly DocumentArrays _arrays;
    private readonly int _arrayCount;
    private readonly int _batchDocuments;
    private readonly long _batchBytes;
    private readonly CancellationToken _cancellation;
    private readonly Thread _feeder;
    private readonly List<Segment> _segments = [];
    private readonly PublishedPosition _committed = new();
    private volatile Exception? _failure;
    private long _released;
    private long _documents;
    private bool _completed;
    private bool _disposed;

    /// <param name="batches">Batches held at once (in flight, committed and waiting, being made): sizes the memory.</param>
    public MemorySpool((int Documents, long Bytes) batchLimits, int batches, CancellationToken cancellation = default)
    {
        (_batchDocuments, _batchBytes) = batchLimits;
        _cancellation = cancellation;

        // A batch's worth of arrays estimated from its byte limit or, for a document limit, from 1.5 KB a document (a
        // session document is about 1.3 KB): 4 batches of 1,000 are 7.5 MB. Too few only cuts a batch short, never stops.
        long batchBytesEstimate = Math.Min(_batchBytes, _batchDocuments * 1536L);
        _arrayCount = (int)Math.Clamp(batches * ((batchBytesEstimate / FlushBytes) + 2), 8, 1024);
        _arrays = new DocumentArrays(_arrayCount, ArrayBytes);
        Documents = new FramedDocumentSink(HandOff, _arrays.First, FlushBytes, "esabridge-write");
        _feeder = new Thread(Feed) { Name = "esabridge-batches", IsBackground = true };
        _feeder.Start();
    }

    /// <summary>Where the sessionizer hands the finished messages (from one thread); their documents are written on a thread of their own.</summary>
    /// <remarks>Writing into it throws a worker's failure once <see cref="Fail"/> was called.</remarks>
    public FramedDocumentSink Documents { get; }

    /// <summary>Documents written; complete once <see cref="Complete"/> returned.</summary>
    public long Count => Interlocked.Read(ref _documents);

    public long CommittedPosition => _committed.Value;

    public long OldestPosition => Interlocked.Read(ref _released);

    /// <summary>Commits what is left once the writer is done; returns when every document is committed.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            _completed = true;
            if (_failure is null)
            {
                Documents.Flush();
            }

            _arrays.Complete();
        }

        _feeder.Join();
    }

    /// <summary>A worker stopped for good: the writer throws <paramref name="failure"/> at its next hand-off.</summary>
    public void Fail(Exception failure)
    {
        _failure ??= failure;
        lock (_segments)
        {
            if (_disposed)
            {
                return;
            }

            _segments.ForEach(segment => _arrays.Return(segment.Array));
            _segments.Clear();
        }
    }

    /// <summary>Every worker has acknowledged what lies before <paramref name="position"/>: its arrays go back to the writer.</summary>
    public void Release(long position)
    {
        lock (_segments)
        {
            while (!_disposed && _segments.Count > 0 && _segments[0].End <= position)
            {
                _arrays.Return(_segments[0].Array);
                _segments.RemoveAt(0);
            }

            Interlocked.Exchange(ref _released, Math.Max(_released, position));
        }
    }

    public Task WaitForDataAsync(long position, CancellationToken cancellation) => _committed.WaitBeyondAsync(position, cancellation);

    public (List<OutgoingDocument> Documents, long Next) Read(long position, int maxDocuments, long maxBytes)
    {
        var documents = new List<OutgoingDocument>();
        long committed = CommittedPosition;
        long bytes = 0;
        lock (_segments)
        {
            foreach (var segment in _segments)
            {
                if (segment.End <= position)
                {
                    continue;
                }

                while (position < segment.End && position < committed && documents.Count < maxDocuments)
                {
                    int offset = segment.Offset + (int)(position - segment.Start);
                    int frameBytes = FramedDocumentSink.FrameLength(segment.Array.AsSpan(offset, segment.Offset + segment.Length - offset));
                    FramedDocumentSink.Split(segment.Array.AsSpan(offset, frameBytes), out var id, out var json);
                    if (documents.Count > 0 && bytes + json.Length > maxBytes)
                    {
                        return (documents, position);
                    }

                    documents.Add(new OutgoingDocument(Encoding.ASCII.GetString(id), segment.Array.AsMemory(offset + frameBytes - json.Length, json.Length)));
                    bytes += json.Length;
                    position += frameBytes;
                }
            }
        }

        return (documents, position);
    }

    public void Dispose()
    {
        Documents.Dispose();
        if (!_completed)
        {
            _completed = true;
            _arrays.Complete();
        }

        _feeder.Join(TimeSpan.FromSeconds(10));
        lock (_segments)
        {
            _disposed = true;
            _arrays.Dispose();
        }
    }

    private byte[] HandOff(ArraySegment<byte> written)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        _arrays.Hand(written, _cancellation);
        return _arrays.TakeEmpty(_cancellation);
    }

    /// <summary>Keeps the handed arrays and commits at each batch boundary, as the outputs' limits cut them; a batch that
    /// would take (almost) every array is committed as it is, or the writer would wait for ever for an array.</summary>
    private void Feed()
    {
        long position = 0;
        int batchDocuments = 0;
        long batchBytes = 0;
        int uncommittedArrays = 0;
        foreach (var frames in _arrays.Handed())
        {
            if (_failure is not null)
            {
                _arrays.Return(frames.Array!);
                continue;
            }

            lock (_segments)
            {
                _segments.Add(new Segment(frames.Array!, frames.Offset, frames.Count, position));
            }

            uncommittedArrays++;
            int offset = 0;
            while (offset < frames.Count)
            {
                var rest = frames.AsSpan(offset);
                int frameBytes = FramedDocumentSink.FrameLength(rest);
                FramedDocumentSink.Split(rest[..frameBytes], out _, out var json);
                if (batchDocuments > 0 && (batchDocuments >= _batchDocuments || batchBytes + json.Length > _batchBytes))
                {
                    _committed.Advance(position);
                    batchDocuments = 0;
                    batchBytes = 0;
                    uncommittedArrays = 1;
                }

                batchDocuments++;
                batchBytes += json.Length;
                position += frameBytes;
                offset += frameBytes;
                Interlocked.Increment(ref _documents);
            }

            if (uncommittedArrays >= _arrayCount - 2)
            {
                _committed.Advance(position);
                batchDocuments = 0;
                batchBytes = 0;
                uncommittedArrays = 0;
            }
        }

        _committed.Advance(position);
    }

    /// <param name="Start">The spool position of its first byte.</param>
    private readonly record struct Segment(byte[] Array, int Offset, int Length, long Start)
    {
        public long End => Start + Length;
    }
}

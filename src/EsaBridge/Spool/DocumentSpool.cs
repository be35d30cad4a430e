using System.Globalization;
using System.Text;
using EsaBridge.Delivery;
using EsaBridge.StateFiles;
using Microsoft.Win32.SafeHandles;

namespace EsaBridge.Spool;

/// <summary>A durable, append-only queue of encoded documents on disk, in segment files named by the position of their
/// first byte. One writer appends and commits (flush to disk); each output reads committed documents from its own
/// position. Segments every output has read past are deleted. Positions are byte offsets that only grow, so a position
/// saved in a checkpoint keeps its meaning across restarts.</summary>
internal sealed class DocumentSpool : IDocumentSource, IDisposable
{
    private const string Extension = ".spool";
    private const int BufferBytes = 1 << 20;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly StateDisk _disk;
    private readonly object _gate = new();
    private readonly List<long> _segmentStarts = [];
    private readonly object _syncGate = new();
    private readonly byte[] _buffer = new byte[BufferBytes];

    // Segments closed since the last sync, still open so that the next sync makes them durable (under _gate).
    private readonly List<SafeFileHandle> _closedUnsynced = [];
    private SafeFileHandle _writer;
    private bool _directoryUnsynced = true; // a segment was created since the last sync (under _gate)
    private int _buffered;
    private long _handedOver;
    private readonly PublishedPosition _committed = new();

    public DocumentSpool(string directory, long segmentBytes = 64L << 20, StateDisk? disk = null)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _disk = disk ?? StateDisk.Local;
        PrivateFiles.CreateDirectory(directory);
        foreach (string path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long start))
            {
                _segmentStarts.Add(start);
            }
        }

        _segmentStarts.Sort();
        if (_segmentStarts.Count == 0)
        {
            _segmentStarts.Add(0);
        }

        long last = _segmentStarts[^1];
        _writer = OpenForWriting(last);
        _handedOver = last + ValidLength(last);
        RandomAccess.SetLength(_writer, _handedOver - last);
        _committed.Reset(_handedOver);
    }

    /// <summary>End of the committed documents: what readers may read, and what a checkpoint may name.</summary>
    public long CommittedPosition => _committed.Value;

    public long OldestPosition
    {
        get
        {
            lock (_gate)
            {
                return _segmentStarts[0];
            }
        }
    }

    private long WritePosition => _handedOver + _buffered;

    /// <summary>Adds a document after the others. Either it is added, or this throws and the spool is as it was, so the
    /// same document can be appended again once the disk has room.</summary>
    public void Append(string id, ReadOnlySpan<byte> json)
    {
        if (id.Length > SpoolRecord.MaxIdBytes || !Ascii.IsValid(id))
        {
            throw new ArgumentException("a document id must be ASCII, at most 255 characters", nameof(id));
        }

        Span<byte> idBytes = stackalloc byte[id.Length];
        Ascii.FromUtf16(id, idBytes, out _);
        Append(idBytes, json);
    }

    /// <inheritdoc cref="Append(string, ReadOnlySpan{byte})"/>
    public void Append(ReadOnlySpan<byte> id, ReadOnlySpan<byte> json)
    {
        if (id.Length > SpoolRecord.MaxIdBytes)
        {
            throw new ArgumentException("document id too long for the spool", nameof(id));
        }

        if (WritePosition - _segmentStarts[^1] >= _segmentBytes)
        {
            StartSegment();
        }

        int size = SpoolRecord.SizeOf(id.Length, json.Length);
        if (size > _buffer.Length - _buffered)
        {
            FlushToSystem();
        }

        if (size <= _buffer.Length)
        {
            SpoolRecord.Write(_buffer.AsSpan(_buffered, size), id, json);
            _buffered += size;
            return;
        }

        byte[] record = new byte[size];
        SpoolRecord.Write(record, id, json);
        _disk.Write(_writer, record, _handedOver - _segmentStarts[^1]);
        _handedOver += size;
    }

    /// <summary>Makes every appended document durable and visible to readers, in one step.</summary>
    public long Commit()
    {
        long position = FlushToSystem();
        SyncToDisk();
        Publish(position);
        return position;
    }

    /// <summary>First half of a pipelined commit, on the appending thread: hands what was appended to the operating
    /// system. <see cref="SyncToDisk"/> and <see cref="Publish"/> then finish it on another thread while appending goes
    /// on. When the disk is full this throws and keeps what it could not write, for the next call.</summary>
    /// <returns>The position the commit will name.</returns>
    public long FlushToSystem()
    {
        if (_buffered > 0)
        {
            _disk.Write(_writer, _buffer.AsSpan(0, _buffered), _handedOver - _segmentStarts[^1]);
            _handedOver += _buffered;
            _buffered = 0;
        }

        return _handedOver;
    }

    /// <summary>Makes everything handed to the operating system durable: the segments closed since the last sync, then
    /// the one being written. Safe while the appending thread goes on (and starts segments).</summary>
    public void SyncToDisk()
    {
        lock (_syncGate)
        {
            SafeFileHandle[] closed;
            SafeFileHandle current;
            bool newSegments;
            lock (_gate)
            {
                closed = [.. _closedUnsynced];
                current = _writer;
                newSegments = _directoryUnsynced;
                _directoryUnsynced = false;
            }

            // Only this method disposes a closed segment's handle, under _syncGate, so each one stays open until synced;
            // one that fails to sync stays on the list for the next call.
            foreach (var segment in closed)
            {
                RandomAccess.FlushToDisk(segment);
                lock (_gate)
                {
                    _closedUnsynced.Remove(segment);
                }

                segment.Dispose();
            }

            RandomAccess.FlushToDisk(current);
            if (newSegments)
            {
                // A new segment's name is in the directory: without this, a power loss could lose the whole file.
                try
                {
                    _disk.SyncDirectory(_directory);
                }
                catch (IOException)
                {
                    lock (_gate)
                    {
                        _directoryUnsynced = true;
                    }

                    throw;
                }
            }
        }
    }

    /// <summary>Lets readers see the documents before <paramref name="position"/>, once they are durable and checkpointed.</summary>
    public void Publish(long position) => _committed.Advance(position);

    /// <summary>Forgets what was appended after <paramref name="position"/>: at start-up, the documents written after
    /// the last checkpoint are made again from the inputs, so they must not be sent twice.</summary>
    public void TruncateTo(long position)
    {
        if (position >= WritePosition)
        {
            return;
        }

        _writer.Dispose();
        _buffered = 0;
        DisposeClosed();
        lock (_gate)
        {
            while (_segmentStarts.Count > 1 && _segmentStarts[^1] > position)
            {
                File.Delete(PathOf(_segmentStarts[^1]));
                _segmentStarts.RemoveAt(_segmentStarts.Count - 1);
            }
        }

        long last = _segmentStarts[^1];
        _writer = OpenForWriting(last);
        long length = Math.Min(RandomAccess.GetLength(_writer), Math.Max(0, position - last));
        RandomAccess.SetLength(_writer, length);
        RandomAccess.FlushToDisk(_writer);
        _handedOver = last + length;
        _committed.Reset(_handedOver);
    }

    /// <summary>Deletes the segments that lie wholly before <paramref name="position"/> (never the one being written).</summary>
    public void ReleaseBefore(long position)
    {
        lock (_gate)
        {
            while (_segmentStarts.Count > 1 && _segmentStarts[1] <= position)
            {
                File.Delete(PathOf(_segmentStarts[0]));
                _segmentStarts.RemoveAt(0);
            }
        }
    }

    public Task WaitForDataAsync(long position, CancellationToken cancellation) => _committed.WaitBeyondAsync(position, cancellation);

    public (List<OutgoingDocument> Documents, long Next) Read(long position, int maxDocuments, long maxBytes)
    {
        var documents = new List<OutgoingDocument>();
        long committed = CommittedPosition;
        long bytes = 0;
        while (position < committed && documents.Count < maxDocuments)
        {
            var (start, end) = SegmentAt(position);
            if (position >= end)
            {
                break;
            }

            using var stream = new FileStream(PathOf(start), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            stream.Seek(position - start, SeekOrigin.Begin);
            long limit = Math.Min(end, committed);
            while (position < limit && documents.Count < maxDocuments)
            {
                var document = SpoolRecord.Read(stream, out int recordBytes)
                    ?? throw new InvalidDataException($"spool segment {PathOf(start)} ends before position {limit}");
                if (documents.Count > 0 && bytes + document.Size > maxBytes)
                {
                    return (documents, position);
                }

                documents.Add(document);
                bytes += document.Size;
                position += recordBytes;
            }
        }

        return (documents, position);
    }

    public void Dispose()
    {
        try
        {
            FlushToSystem();
            SyncToDisk();
        }
        catch (IOException)
        {
            // A full disk at shutdown: what is lost here was appended after the last checkpoint and is made again.
        }

        DisposeClosed();
        _writer.Dispose();
    }

    /// <summary>Closes the handles of segments closed and not synced (when what they hold no longer needs syncing).</summary>
    private void DisposeClosed()
    {
        lock (_syncGate)
        {
            lock (_gate)
            {
                _closedUnsynced.ForEach(segment => segment.Dispose());
                _closedUnsynced.Clear();
            }
        }
    }

    /// <returns>The segment holding <paramref name="position"/>: its start and where the next one begins.</returns>
    private (long Start, long End) SegmentAt(long position)
    {
        lock (_gate)
        {
            if (position < _segmentStarts[0])
            {
                throw new InvalidOperationException($"spool position {position} was already released");
            }

            int index = _segmentStarts.BinarySearch(position);
            if (index < 0)
            {
                index = ~index - 1;
            }

            long end = index + 1 < _segmentStarts.Count ? _segmentStarts[index + 1] : long.MaxValue;
            return (_segmentStarts[index], end);
        }
    }

    /// <summary>Length of the whole records at the start of a segment: a record torn by a crash is cut off.</summary>
    private long ValidLength(long segmentStart)
    {
        using var stream = new FileStream(PathOf(segmentStart), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        long valid = 0;
        try
        {
            while (SpoolRecord.Read(stream, out int recordBytes) is not null)
            {
                valid += recordBytes;
            }
        }
        catch (InvalidDataException)
        {
            // A torn last record: everything before it is kept.
        }

        return valid;
    }

    /// <summary>Opens the next segment at the write position. The full one is synced by the next <see
    /// cref="SyncToDisk"/> (a commit), not here: syncing 64 MB on the appending thread stalled the whole pipeline for
    /// about 50 ms (docs/PERFORMANCE.md), and nothing counts as durable before a commit anyway.</summary>
    private void StartSegment()
    {
        FlushToSystem();
        var next = OpenForWriting(_handedOver);
        lock (_gate)
        {
            _closedUnsynced.Add(_writer);
            _writer = next;
            _segmentStarts.Add(_handedOver);
            _directoryUnsynced = true;
        }
    }

    private SafeFileHandle OpenForWriting(long segmentStart)
    {
        var handle = File.OpenHandle(PathOf(segmentStart), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        PrivateFiles.Restrict(handle);
        return handle;
    }

    private string PathOf(long segmentStart) =>
        Path.Combine(_directory, segmentStart.ToString("D20", CultureInfo.InvariantCulture) + Extension);
}

using System.Buffers.Binary;
using System.IO.Hashing;
using EsaBridge.Core.Sessions;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EsaBridge.Checkpoints;

/// <summary>The open sessions on disk as a full snapshot plus an append-only journal of what changed at each commit
/// since it (docs/service.md), so a commit writes what changed rather than everything open. A checkpoint names a
/// generation (snapshot and journal) and how many journal records belong to it. Once the journal outgrows <see
/// cref="CompactFactor"/> times its snapshot, the next commit starts a new generation with a fresh snapshot; a
/// generation is deleted once neither saved checkpoint names it. Writes happen on the ingest thread; the committer
/// thread makes them durable (<see cref="SyncToDisk"/>) before it saves a checkpoint that names them.</summary>
internal sealed class SessionJournal(string directory, StateDisk disk, ILogger logger, CancellationToken stop) : IDisposable
{
    public const int CompactFactor = 2;

    /// <summary>Below this, a journal is never compacted (a small snapshot would be rewritten at nearly every commit).</summary>
    public const long MinCompactBytes = 1 << 20;

    private const int Magic = 0x314A5345; // "ESJ1"
    private const int ReferenceBytes = 4 + 8 + 4 + 8;
    private const int RecordHeaderBytes = 4 + 4;

    private readonly string _directory = directory;
    private readonly StateDisk _disk = disk;
    private readonly DiskFullRetry _diskFull = new("session journal", "reading paused, nothing dropped", "; reading resumed", logger, stop);
    private readonly MemoryStream _record = new();
    private readonly object _gate = new();
    private readonly HashSet<string> _unsynced = []; // under _gate
    private SafeFileHandle? _journal;
    private long _generation = Generations(directory).DefaultIfEmpty().Max();
    private long _snapshotBytes;
    private long _journalBytes;
    private int _records;
    private long _acknowledgedGeneration = -1; // the committer thread's
    private long _spooledGeneration = -1;


    /// <summary>Bytes written to the state directory for sessions since start (snapshots and journal records).</summary>
    public long BytesWritten { get; private set; }

    public static string SnapshotPath(string directory, long generation) => Path.Combine(directory, $"sessions-{generation}.snapshot");

    public static string JournalPath(string directory, long generation) => Path.Combine(directory, $"sessions-{generation}.journal");

    /// <summary>Writes what changed since the last commit (or a new snapshot) and returns what the checkpoint keeps of the sessions.</summary>
    public byte[] Commit(Sessionizer sessions)
    {
        if (_journal is null || _journalBytes > Math.Max(MinCompactBytes, CompactFactor * _snapshotBytes))
        {
            _diskFull.Run(static state => state.Self.StartGeneration(state.Sessions), (Self: this, Sessions: sessions));
        }
        else
        {
            _record.SetLength(RecordHeaderBytes);
            _record.Position = RecordHeaderBytes;
            SessionizerState.WriteChanges(sessions, _record);
            var record = _record.GetBuffer().AsSpan(0, (int)_record.Length);
            BinaryPrimitives.WriteInt32LittleEndian(record, record.Length - RecordHeaderBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32.HashToUInt32(record[RecordHeaderBytes..]));
            _diskFull.Run(static self => self.Append(), this);
        }

        byte[] reference = new byte[ReferenceBytes];
        BinaryPrimitives.WriteInt32LittleEndian(reference, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(reference.AsSpan(4), _generation);
        BinaryPrimitives.WriteInt32LittleEndian(reference.AsSpan(12), _records);
        BinaryPrimitives.WriteInt64LittleEndian(reference.AsSpan(16), _journalBytes);
        return reference;
    }

    /// <summary>Makes every snapshot and journal record written so far durable (from the committer thread).</summary>
    public void SyncToDisk()
    {
        string[] paths;
        lock (_gate)
        {
            paths = [.. _unsynced];
            _unsynced.Clear();
        }

        foreach (string path in paths)
        {
            try
            {
                using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
                RandomAccess.FlushToDisk(file);
            }
            catch (FileNotFoundException)
            {
                // Deleted since: no checkpoint names it any more.
            }
        }
    }

    /// <summary>A checkpoint naming <paramref name="sessions"/> was saved: older generations that neither saved
    /// checkpoint nor a checkpoint still waiting to be acknowledged names are deleted. During an outage no checkpoint
    /// is acknowledged for as long as it lasts, so keeping every generation since the acknowledged one would grow
    /// without bound; the committer keeps at most a fixed number of waiting checkpoints, and so this keeps at most that
    /// many generations.</summary>
    /// <param name="waiting">The sessions part of every checkpoint waiting to be acknowledged.</param>
    public void Saved(byte[] sessions, bool acknowledged, IEnumerable<byte[]> waiting)
    {
        long generation = GenerationOf(sessions);
        if (acknowledged)
        {
            _acknowledgedGeneration = generation;
        }
        else
        {
            _spooledGeneration = generation;
        }

        if (_acknowledgedGeneration < 0 || _spooledGeneration < 0)
        {
            return; // a checkpoint saved before this start may still name an older generation
        }

        // Generations past the newest saved checkpoint's are being written (or are about to be named): never touched.
        long newestSaved = Math.Max(_acknowledgedGeneration, _spooledGeneration);
        var named = new HashSet<long>(waiting.Select(GenerationOf)) { _acknowledgedGeneration, _spooledGeneration };
        foreach (long old in Generations(_directory).Where(g => g < newestSaved && !named.Contains(g)))
        {
            File.Delete(SnapshotPath(_directory, old));
            File.Delete(JournalPath(_directory, old));
        }
    }

    /// <summary>Brings back the sessions a checkpoint names: a whole state (checkpoints before the journal), or a snapshot and its journal.</summary>
    /// <exception cref="InvalidDataException">The state, the snapshot or the journal is missing or damaged.</exception>
    public static void Restore(byte[] sessions, Sessionizer sessionizer, string directory)
    {
        if (sessions.Length != ReferenceBytes || BinaryPrimitives.ReadInt32LittleEndian(sessions) != Magic)
        {
            SessionizerState.Read(sessionizer, new MemoryStream(sessions));
            return;
        }

        long generation = BinaryPrimitives.ReadInt64LittleEndian(sessions.AsSpan(4));
        int records = BinaryPrimitives.ReadInt32LittleEndian(sessions.AsSpan(12));
        long length = BinaryPrimitives.ReadInt64LittleEndian(sessions.AsSpan(16));
        byte[] snapshot = ReadNamed(SnapshotPath(directory, generation), "session snapshot");
        if (snapshot.Length < 4 || Crc32.HashToUInt32(snapshot.AsSpan(0, snapshot.Length - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(snapshot.Length - 4)))
        {
            throw new InvalidDataException($"session snapshot '{SnapshotPath(directory, generation)}' is damaged (checksum)");
        }

        string journalPath = JournalPath(directory, generation);
        byte[] journal = ReadNamed(journalPath, "session journal");
        if (journal.Length < length)
        {
            throw new InvalidDataException($"session journal '{journalPath}' is cut short: {journal.Length} bytes, the checkpoint names {length}");
        }

        var changes = new List<ReadOnlyMemory<byte>>(records);
        int offset = 0;
        for (int i = 0; i < records; i++)
        {
            int size = offset + RecordHeaderBytes <= length ? BinaryPrimitives.ReadInt32LittleEndian(journal.AsSpan(offset)) : -1;
            if (size < 0 || offset + RecordHeaderBytes + (long)size > length
                || Crc32.HashToUInt32(journal.AsSpan(offset + RecordHeaderBytes, size)) != BinaryPrimitives.ReadUInt32LittleEndian(journal.AsSpan(offset + 4)))
            {
                throw new InvalidDataException($"session journal '{journalPath}' is damaged at record {i + 1} of {records} (byte {offset})");
            }

            changes.Add(journal.AsMemory(offset + RecordHeaderBytes, size));
            offset += RecordHeaderBytes + size;
        }

        if (offset != length)
        {
            throw new InvalidDataException($"session journal '{journalPath}' is damaged: its records end at byte {offset}, the checkpoint names {length}");
        }

        SessionizerState.Replay(sessionizer, new MemoryStream(snapshot, 0, snapshot.Length - 4), changes);
    }

    public void Dispose() => _journal?.Dispose();

    private static byte[] ReadNamed(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidDataException($"{what} '{path}' named by the checkpoint is missing");
        }
    }

    private static long GenerationOf(byte[] sessions) =>
        sessions.Length == ReferenceBytes && BinaryPrimitives.ReadInt32LittleEndian(sessions) == Magic
            ? BinaryPrimitives.ReadInt64LittleEndian(sessions.AsSpan(4))
            : 0;

    private static IEnumerable<long> Generations(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "sessions-*.*")
                .Select(path => Path.GetFileNameWithoutExtension(path)["sessions-".Length..])
                .Select(text => long.TryParse(text, out long g) ? g : -1)
                .Where(g => g > 0)
                .Distinct()
                .ToList()
            : [];

    /// <summary>Writes a fresh snapshot and an empty journal as the next generation (the sessionizer starts listing changes anew).</summary>
    private bool StartGeneration(Sessionizer sessions)
    {
        long generation = _generation + 1;
        string snapshotPath = SnapshotPath(_directory, generation);
        string journalPath = JournalPath(_directory, generation);
        long snapshotBytes;
        try
        {
            using (var file = OpenPrivate(snapshotPath))
            using (var stream = new ChecksummedFile(file, _disk))
            {
                using (var buffered = new BufferedStream(stream, 1 << 20))
                {
                    SessionizerState.WriteSnapshot(sessions, buffered);
                }

                stream.WriteChecksum();
                snapshotBytes = stream.Length;
            }

            var journal = OpenPrivate(journalPath);
            _journal?.Dispose();
            _journal = journal;
        }
        catch (IOException)
        {
            File.Delete(snapshotPath); // on a full disk, give back the room; the whole snapshot is written again
            File.Delete(journalPath);
            throw;
        }

        _generation = generation;
        _snapshotBytes = snapshotBytes;
        _journalBytes = 0;
        _records = 0;
        BytesWritten += snapshotBytes;
        lock (_gate)
        {
            _unsynced.Add(snapshotPath);
            _unsynced.Add(journalPath);
        }

        return true;
    }

    private bool Append()
    {
        var record = _record.GetBuffer().AsSpan(0, (int)_record.Length);
        _disk.Write(_journal!, record, _journalBytes); // a retry after a full disk writes it again at the same place
        _journalBytes += record.Length;
        _records++;
        BytesWritten += record.Length;
        lock (_gate)
        {
            _unsynced.Add(JournalPath(_directory, _generation));
        }

        return true;
    }

    /// <summary>Writes through <see cref="StateDisk"/> at increasing offsets, keeping a CRC-32 of everything written.</summary>
    private sealed class ChecksummedFile(SafeFileHandle file, StateDisk disk) : Stream
    {
        private readonly Crc32 _crc = new();
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            disk.Write(file, buffer, _length);
            _crc.Append(buffer);
            _length += buffer.Length;
        }

        public void WriteChecksum()
        {
            Span<byte> trailer = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
            disk.Write(file, trailer, _length);
            _length += 4;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The open sessions hold addresses and subjects, like the spool: 0600 whatever the umask.</summary>
    private static SafeFileHandle OpenPrivate(string path)
    {
        var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        PrivateFiles.Restrict(file);
        return file;
    }
}

using System.IO.Hashing;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Follows the files under a set of patterns, by fingerprint rather than path, and hands complete lines to a
/// sink. Single-threaded: every member is called from the one pipeline thread. See docs/inputs.md.</summary>
/// <remarks>Within an input, files are read oldest first (last write time, then path, then discovery order) and a newer file
/// is read only once every older one has been read to its end, so a message that spans a rotation reaches the sessionizer in
/// order. When <see cref="Poll"/> returns 0 the caller sleeps <see cref="TailerOptions.PollInterval"/>.</remarks>
internal sealed class FileTailer : IDisposable
{
    private readonly IReadOnlyList<TailInput> _inputs;
    private readonly TailerOptions _options;
    private readonly FileRegistry _registry = new();
    private readonly PathScanner _scanner;
    private readonly TailReader _reader;
    private readonly List<TrackedFile> _order = [];
    private readonly Dictionary<TrackedFile, ScannedPath> _claimed = [];
    private readonly List<ScannedPath> _unknown = [];
    private readonly byte[] _head;
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
    private int _firstInput;

    /// <exception cref="FormatException">When an input's pattern is unusable (message for the user).</exception>
    public FileTailer(IReadOnlyList<TailInput> inputs, TailerOptions options, IReadOnlyList<FileCheckpoint> restored)
    {
        _inputs = inputs;
        _options = options;
        _scanner = new PathScanner([.. inputs.Select(i => TailGlob.Parse(i.Glob))], options);
        _reader = new TailReader(options, Counters);
        _head = new byte[options.FingerprintMaxBytes];
        var now = options.Time.GetUtcNow();
        foreach (var checkpoint in restored)
        {
            Restore(checkpoint, now);
        }
    }

    public TailerCounters Counters { get; } = new();

    public int OpenFiles => _registry.Files.Count(f => f.Source is not null);


    /// <summary>Reads what is available now, about <paramref name="maxBytes"/> at most across all files.</summary>
    /// <returns>Bytes of file content read; 0 when nothing new was available.</returns>
    public int Poll(ITailSink sink, long maxBytes)
    {
        var now = _options.Time.GetUtcNow();
        CheckOpenFiles(now);
        if (now - _lastScan >= _options.PollInterval)
        {
            _lastScan = now;
            Scan(sink, now);
        }

        long budget = Math.Clamp(maxBytes, 1, int.MaxValue);
        long start = budget;
        for (int i = 0; i < _inputs.Count && budget > 0; i++)
        {
            ReadInput((_firstInput + i) % _inputs.Count, sink, now, ref budget);
        }

        _firstInput = _inputs.Count == 0 ? 0 : (_firstInput + 1) % _inputs.Count;
        Forget(now);
        return (int)Math.Min(start - budget, int.MaxValue);
    }

    /// <summary>Where every known file stands; save them once the documents of those bytes are safe.</summary>
    public IReadOnlyList<FileCheckpoint> Checkpoints() => [.. _registry.Files.Select(f => f.ToCheckpoint())];

    public void Dispose() => _registry.Files.ForEach(file => file.Close());

    private void Restore(FileCheckpoint checkpoint, DateTimeOffset now)
    {
        if (!FileFingerprint.TryParseHash(checkpoint.Fingerprint, out ulong hash) || checkpoint.FingerprintLength <= 0
            || checkpoint.Offset < 0 || string.IsNullOrEmpty(checkpoint.Path)
            || _registry.Contains(new FileFingerprint(hash, checkpoint.FingerprintLength)))
        {
            Counters.IgnoredCheckpoints++;
            return;
        }

        var info = new TailedFileInfo(checkpoint.Host, checkpoint.Path, new FileFingerprint(hash, checkpoint.FingerprintLength));
        var file = _registry.Add(info, fingerprintFinal: false, input: -1, checkpoint.Offset, checkpoint.Done);
        file.GoneSince = now;
    }

    /// <summary>Truncation of the open files (shorter than the offset, or a different head), and fingerprint growth.</summary>
    private void CheckOpenFiles(DateTimeOffset now)
    {
        foreach (var file in _registry.Files)
        {
            if (file.Source is not { Length: { } length } source)
            {
                continue;
            }

            if (length == file.Size)
            {
                continue;
            }

            if (length > file.Size)
            {
                file.LastGrowth = now;
            }

            file.Size = length;
            file.LastWriteUtc = source.LastWriteUtc;
            int headLength = (int)Math.Min(file.FingerprintFinal ? file.Fingerprint.Length : _head.Length, length);
            var head = _head.AsSpan(0, source.Read(0, _head.AsSpan(0, headLength)));
            if (length < file.Offset || head.Length < file.Fingerprint.Length
                || XxHash3.HashToUInt64(head[..file.Fingerprint.Length]) != file.Fingerprint.Hash)
            {
                Truncated(file, now);
            }
            else if (!file.FingerprintFinal)
            {
                int region = FileFingerprint.RegionLength(head, _options.FingerprintLines, _head.Length, out bool final);
                _registry.Grow(file, head[..region], final);
            }
        }
    }

    /// <summary>The content behind an open handle is no longer the one fingerprinted (copytruncate): the handle is let
    /// go and the path looked at again, so new content there is read from the start as a new file, and a copy of the
    /// old content elsewhere (mail.1) is read on from the offset.</summary>
    private void Truncated(TrackedFile file, DateTimeOffset now)
    {
        Counters.Truncations++;
        file.Close();
        file.Listed = false;
        file.GoneSince = now;
        _scanner.Invalidate(file.Info.Path);
        _lastScan = DateTimeOffset.MinValue;
    }

    private void Scan(ITailSink sink, DateTimeOffset now)
    {
        _claimed.Clear();
        _unknown.Clear();
        foreach (var path in _scanner.Scan(sink, now))
        {
            if (path.Region is null)
            {
                continue;
            }

            if (_registry.Match(path.Region) is not { } file)
            {
                _unknown.Add(path);
            }
            else if (!_claimed.TryGetValue(file, out var other) || (other.Path != file.Info.Path && path.Path == file.Info.Path))
            {
                // A file under two paths is a copy (copytruncate, a rotated file compressed beside its original):
                // it stays under the path it had.
                if (other is not null)
                {
                    CountDuplicate(other);
                }

                _claimed[file] = path;
            }
            else
            {
                CountDuplicate(path);
            }
        }

        foreach (var file in _registry.Files)
        {
            if (_claimed.TryGetValue(file, out var path))
            {
                Assign(file, path, now);
            }
            else if (file.Listed)
            {
                file.Listed = false;
                file.GoneSince = now;
            }
        }

        foreach (var path in _unknown)
        {
            if (_registry.Match(path.Region) is not null)
            {
                CountDuplicate(path);
                continue;
            }

            var info = new TailedFileInfo(_inputs[path.Input].Host, path.Path, FileFingerprint.Of(path.Region));
            var file = _registry.Add(info, path.RegionFinal, path.Input, offset: 0, done: false);
            file.IsCompressed = path.IsCompressed;
            file.Listed = true;
            file.Size = path.Size;
            file.LastWriteUtc = path.LastWriteUtc;
            file.LastGrowth = LastWrite(path);
            Counters.FilesDiscovered++;
        }
    }

    private static DateTimeOffset LastWrite(ScannedPath path) => new(DateTime.SpecifyKind(path.LastWriteUtc, DateTimeKind.Utc));

    private void CountDuplicate(ScannedPath path)
    {
        if (!path.DuplicateCounted)
        {
            path.DuplicateCounted = true;
            Counters.Duplicates++;
        }
    }

    private void Assign(TrackedFile file, ScannedPath path, DateTimeOffset now)
    {
        if (path.Path != file.Info.Path)
        {
            Counters.Renames++;
            file.Info.Path = path.Path;
        }

        file.Input = path.Input;
        file.Info.Host = _inputs[path.Input].Host;
        file.Listed = true;
        file.GoneSince = null;
        if (path.IsCompressed != file.IsCompressed)
        {
            // Compressed after (part of) it was read: read on in the archive.
            file.Close();
            file.IsCompressed = path.IsCompressed;
        }

        if (file.Source is null && !file.Done)
        {
            if (!file.IsCompressed && path.Size < file.Offset)
            {
                Counters.Truncations++;
                file.Offset = file.ScanPosition = 0;
                file.SkippingOversized = false;
            }

            if (path.Size != file.Size)
            {
                // Found grown (or first found after a restart): it last grew when it was last written.
                file.LastGrowth = file.Size == 0 ? LastWrite(path) : now;
            }

            file.Size = path.Size;
            file.LastWriteUtc = path.LastWriteUtc;
        }

        if (!file.FingerprintFinal && path.Region is { } region)
        {
            _registry.Grow(file, region, path.RegionFinal);
        }
    }

    private void ReadInput(int input, ITailSink sink, DateTimeOffset now, ref long budget)
    {
        _order.Clear();
        foreach (var file in _registry.Files)
        {
            if (file.Input == input && !file.Done && (file.Listed || file.Source is not null))
            {
                _order.Add(file);
            }
        }

        _order.Sort(static (a, b) =>
        {
            int byTime = a.LastWriteUtc.CompareTo(b.LastWriteUtc);
            int byPath = byTime != 0 ? byTime : string.CompareOrdinal(a.Info.Path, b.Info.Path);
            return byPath != 0 ? byPath : a.Discovery.CompareTo(b.Discovery);
        });
        for (int i = 0; i < _order.Count && budget > 0; i++)
        {
            var file = _order[i];
            bool superseded = i < _order.Count - 1 || !file.Listed;
            bool atEnd = file.IsCompressed
                ? ReadCompressed(file, sink, ref budget)
                : ReadPlain(file, sink, now, superseded, ref budget);
            if (!atEnd)
            {
                return;
            }
        }
    }

    /// <returns>False when the file holds more to read before a newer file may be read.</returns>
    private bool ReadPlain(TrackedFile file, ITailSink sink, DateTimeOffset now, bool superseded, ref long budget)
    {
        if (file.Source is null && (!file.Listed || (superseded && file.Size <= file.Offset) || !Open(file, sink)))
        {
            return true;
        }

        var source = file.Source!;
        try
        {
            long length = source.Length ?? 0;
            if (length > file.Size)
            {
                file.LastGrowth = now;
                file.Size = length;
            }

            if (!_reader.ReadPlain(file, source, length, sink, ref budget))
            {
                return false;
            }

            bool idle = now - file.LastGrowth >= _options.IdleGrace;
            if (file.Offset < length)
            {
                // An unterminated last line: it waits for its newline unless the file is finished.
                if (!superseded)
                {
                    return true;
                }

                if (!idle)
                {
                    return false;
                }

                _reader.DeliverTail(file, source, length, sink);
            }

            if (superseded && (file.Listed || idle))
            {
                // Fully read and no longer the newest: let the handle go (reopened if the file grows).
                Counters.FilesClosed += file.Listed ? 0 : 1;
                file.Close();
            }

            return true;
        }
        catch (IOException e)
        {
            ReadFailed(file, sink, e.Message);
            return true;
        }
    }

    private bool ReadCompressed(TrackedFile file, ITailSink sink, ref long budget)
    {
        if (file.Source is null)
        {
            if (!file.Listed)
            {
                return true;
            }

            try
            {
                file.Source = GzipFileSource.Open(file.Info.Path, file.Offset, _options.MaxLineBytes + 2);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ReadFailed(file, sink, e.Message);
                return true;
            }
            catch (InvalidDataException e)
            {
                return Damaged(file, sink, e);
            }
        }

        try
        {
            if (!_reader.ReadCompressed(file, file.Source, sink, ref budget))
            {
                return false;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Damaged(file, sink, e);
        }

        Counters.CompressedFilesRead++;
        file.Done = true;
        file.Close();
        return true;
    }

    /// <summary>A .gz that cannot be decompressed (further): reported, and not tried again.</summary>
    private bool Damaged(TrackedFile file, ITailSink sink, Exception e)
    {
        ReadFailed(file, sink, $"damaged compressed file, read up to {file.Offset} decompressed bytes: {e.Message}");
        file.Done = true;
        return true;
    }

    private bool Open(TrackedFile file, ITailSink sink)
    {
        PlainFileSource source;
        try
        {
            source = PlainFileSource.Open(file.Info.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReadFailed(file, sink, e.Message);
            return false;
        }

        // The path may hold another file since the scan: read only what has the fingerprint.
        var head = _head.AsSpan(0, source.Read(0, _head.AsSpan(0, file.Fingerprint.Length)));
        if (head.Length < file.Fingerprint.Length || XxHash3.HashToUInt64(head) != file.Fingerprint.Hash)
        {
            source.Dispose();
            _scanner.Invalidate(file.Info.Path);
            return false;
        }

        file.ProblemReported = false;
        file.Source = source;
        long length = source.Length ?? 0;
        if (length < file.Offset)
        {
            Counters.Truncations++;
            file.Offset = file.ScanPosition = 0;
            file.SkippingOversized = false;
        }

        return true;
    }

    private void ReadFailed(TrackedFile file, ITailSink sink, string message)
    {
        Counters.ReadErrors++;
        file.Close();
        if (!file.ProblemReported)
        {
            file.ProblemReported = true;
            sink.Problem(file.Info.Path, message);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        for (int i = _registry.Files.Count - 1; i >= 0; i--)
        {
            var file = _registry.Files[i];
            if (!file.Listed && file.Source is null && now - file.GoneSince >= _options.ForgetAfter)
            {
                _registry.Forget(file);
                Counters.Forgotten++;
            }
        }
    }
}

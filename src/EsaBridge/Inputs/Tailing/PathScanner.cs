using System.Security;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Lists the files under every input's pattern and reads the head (the first lines, decompressed for a .gz) of
/// each new or changed one. The first input whose pattern matches a path owns it.</summary>
internal sealed class PathScanner(TailGlob[] globs, TailerOptions options)
{
    private readonly TailGlob[] _globs = globs;
    private readonly TailerOptions _options = options;
    private readonly Dictionary<string, ScannedPath> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly List<ScannedPath> _seen = [];
    private readonly byte[] _head = new byte[options.FingerprintMaxBytes];
    private long _scan;

    /// <returns>The paths seen, valid until the next scan.</returns>
    public IReadOnlyList<ScannedPath> Scan(ITailSink sink, DateTimeOffset now)
    {
        _scan++;
        _seen.Clear();
        for (int input = 0; input < _globs.Length; input++)
        {
            ScanInput(input, sink, now);
        }

        if (_paths.Count > _seen.Count)
        {
            foreach (var gone in _paths.Values.Where(p => p.LastScan != _scan).ToList())
            {
                _paths.Remove(gone.Path);
            }
        }

        return _seen;
    }

    /// <summary>Forces the head of <paramref name="path"/> to be read again at the next scan.</summary>
    public void Invalidate(string path) => _paths.Remove(path);

    private void ScanInput(int input, ITailSink sink, DateTimeOffset now)
    {
        var glob = _globs[input];
        try
        {
            foreach (string path in glob.MatchingPaths())
            {
                _paths.TryGetValue(path, out var known);
                if (known?.LastScan == _scan)
                {
                    continue;
                }

                if (Refresh(path, known, input, sink, now) is { } entry)
                {
                    _seen.Add(entry);
                }
            }

            _reported.Remove(glob.Directory);
        }
        catch (DirectoryNotFoundException)
        {
            ReportOnce(sink, glob.Directory, "the directory does not exist (it is looked for again on every poll)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
        {
            ReportOnce(sink, glob.Directory, $"cannot list the directory: {e.Message}");
        }
    }

    private ScannedPath? Refresh(string path, ScannedPath? known, int input, ITailSink sink, DateTimeOffset now)
    {
        long size;
        DateTime lastWrite;
        DateTime creation;
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                // A symbolic link: the size and times are those of the file it points to, not the link's own.
                info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            }

            if (!info.Exists)
            {
                return null;
            }

            size = info.Length;
            lastWrite = info.LastWriteTimeUtc;
            creation = info.CreationTimeUtc;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var entry = known ?? new ScannedPath(path);
        _paths[path] = entry;
        entry.LastScan = _scan;
        entry.Input = input;
        bool settled = entry.Unsettled && now - lastWrite >= _options.IdleGrace;
        if (entry.SameStat(size, lastWrite, creation) && !settled)
        {
            return entry;
        }

        entry.Size = size;
        entry.LastWriteUtc = lastWrite;
        entry.CreationUtc = creation;
        ReadHead(entry, sink, now);
        return entry;
    }

    private void ReadHead(ScannedPath entry, ITailSink sink, DateTimeOffset now)
    {
        entry.Region = null;
        try
        {
            int read;
            using (var handle = File.OpenHandle(entry.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                read = RandomAccess.Read(handle, _head, 0);
            }

            entry.IsCompressed = read >= 2 && _head[0] == 0x1f && _head[1] == 0x8b;
            bool final;
            int region;
            if (entry.IsCompressed)
            {
                entry.Unsettled = now - entry.LastWriteUtc < _options.IdleGrace;
                if (entry.Unsettled)
                {
                    return;
                }

                read = GzipFileSource.ReadHead(entry.Path, _head);
                region = FileFingerprint.RegionLength(_head.AsSpan(0, read), _options.FingerprintLines, _head.Length, out _);
                region = region == 0 ? read : region;
                final = true;
            }
            else
            {
                region = FileFingerprint.RegionLength(_head.AsSpan(0, read), _options.FingerprintLines, _head.Length, out final);
            }

            entry.Region = region > 0 ? _head.AsSpan(0, region).ToArray() : null;
            entry.RegionFinal = final;
            _reported.Remove(entry.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            entry.Size = -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            entry.Size = -1;
            ReportOnce(sink, entry.Path, $"cannot read the file: {e.Message}");
        }
    }

    private void ReportOnce(ITailSink sink, string path, string message)
    {
        if (_reported.Add(path))
        {
            sink.Problem(path, message);
        }
    }
}

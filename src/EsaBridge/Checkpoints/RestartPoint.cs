using System.IO.Hashing;
using EsaBridge.Inputs.Tailing;
using EsaBridge.Service;

namespace EsaBridge.Checkpoints;

/// <summary>Where a restart reads from. The checkpoint every output acknowledged is the rule: the restart reads the
/// inputs again from it, and the documents it makes that the spool already holds (from <see cref="RereadFrom"/> on) are
/// not spooled twice. When those inputs cannot be read again (a file read since is gone, or syslog messages came since:
/// a sender cannot resend them), reading again would lose what they held, so the restart goes on from the last spooled
/// checkpoint instead, whose documents are all durable in the spool.</summary>
/// <param name="From">The checkpoint to restore; null for the inputs' beginning.</param>
/// <param name="TruncateTo">Where the spool is cut back to (only when restarting from the spooled checkpoint).</param>
/// <param name="RereadFrom">The spool position from which spooled documents are made again; null when none are.</param>
/// <param name="CatchUpTo">The newest state known: once reading again has passed its positions, every spooled document has been made again.</param>
/// <param name="Fallback">Why the acknowledged checkpoint could not be used, when it could not.</param>
internal sealed record RestartPoint(Checkpoint? From, long? TruncateTo, long? RereadFrom, Checkpoint? CatchUpTo, string? Fallback)
{
    /// <param name="acknowledged">The newest checkpoint every output acknowledged (null: none yet).</param>
    /// <param name="spooled">The newest checkpoint whose documents are durable in the spool (null: none yet).</param>
    /// <param name="oldestSpooled">The spool's oldest position (where reading again from the beginning starts).</param>
    public static RestartPoint Choose(Checkpoint? acknowledged, Checkpoint? spooled, IReadOnlyList<FileInputSettings> files, long oldestSpooled)
    {
        var newest = spooled ?? acknowledged;
        string? fallback = newest is null || ReferenceEquals(newest, acknowledged) ? null : WhyNotReadableAgain(acknowledged, newest, files);
        return fallback is null
            ? new RestartPoint(acknowledged, null, acknowledged?.SpoolPosition ?? oldestSpooled, newest, null)
            : new RestartPoint(spooled, spooled!.SpoolPosition, null, null, fallback);
    }

    /// <returns>Null when every input read between <paramref name="from"/> and <paramref name="newest"/> can be read again; else why not.</returns>
    internal static string? WhyNotReadableAgain(Checkpoint? from, Checkpoint newest, IReadOnlyList<FileInputSettings> files)
    {
        long syslogSince = newest.SyslogMessages - (from?.SyslogMessages ?? 0);
        if (syslogSince > 0)
        {
            return $"{syslogSince} syslog messages were received since the checkpoint every output acknowledged, and syslog cannot be read again";
        }

        var candidates = new Lazy<List<string>>(() => PathsUnder(files));
        var readFrom = new Dictionary<(string, int), FileCheckpoint>();
        foreach (var file in from?.Files() ?? [])
        {
            readFrom.TryAdd((file.Fingerprint, file.FingerprintLength), file);
        }

        var newestFiles = newest.Files();
        foreach (var file in newestFiles)
        {
            var before = readFrom.GetValueOrDefault((file.Fingerprint, file.FingerprintLength));
            bool readSince = file.Done ? before is not { Done: true } : file.Offset > (before?.Offset ?? 0);
            if (readSince && !StillThere(file, candidates.Value))
            {
                return $"'{file.Path}' was read since the checkpoint every output acknowledged and is no longer there to read again";
            }
        }

        // A file the newer checkpoint no longer lists was forgotten after it went away: how much of it was read after
        // the older checkpoint is unknown, so it must still be there.
        var newestKeys = newestFiles.Select(f => (f.Fingerprint, f.FingerprintLength)).ToHashSet();
        foreach (var file in readFrom.Values)
        {
            if (!file.Done && !newestKeys.Contains((file.Fingerprint, file.FingerprintLength)) && !StillThere(file, candidates.Value))
            {
                return $"'{file.Path}' is no longer there to read again from the checkpoint every output acknowledged";
            }
        }

        return null;
    }

    /// <summary>Every file under the inputs' patterns now (directories that cannot be listed contribute none).</summary>
    private static List<string> PathsUnder(IReadOnlyList<FileInputSettings> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            try
            {
                paths.AddRange(TailGlob.Parse(input.Glob).MatchingPaths());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing there to read again.
            }
        }

        return paths;
    }

    /// <summary>One of <paramref name="paths"/> has this file's fingerprint and at least the bytes read from it.</summary>
    private static bool StillThere(FileCheckpoint file, List<string> paths)
    {
        if (!FileFingerprint.TryParseHash(file.Fingerprint, out ulong hash) || file.FingerprintLength <= 0)
        {
            return false;
        }

        byte[] head = new byte[file.FingerprintLength];
        return paths.Any(path => HeadOf(path, head, out long length) is { } compressed && XxHash3.HashToUInt64(head) == hash
            && (compressed || length >= file.Offset));
    }

    /// <summary>Fills <paramref name="head"/> with the file's first bytes (decompressed for a .gz).</summary>
    /// <param name="length">The file's length (of the file a symbolic link points to, not of the link).</param>
    /// <returns>Whether the file is compressed; null when it is shorter than the head or unreadable.</returns>
    private static bool? HeadOf(string path, byte[] head, out long length)
    {
        length = 0;
        try
        {
            int read;
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                read = RandomAccess.Read(handle, head, 0);
                length = RandomAccess.GetLength(handle);
            }

            bool compressed = read >= 2 && head[0] == 0x1f && head[1] == 0x8b;
            if (compressed)
            {
                read = GzipFileSource.ReadHead(path, head);
            }

            return read == head.Length ? compressed : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}

using System.IO.Hashing;

namespace EsaBridge.Inputs.Tailing;

/// <summary>The files the tailer knows, found by the hash of their first bytes.</summary>
internal sealed class FileRegistry
{
    // Fingerprints of different lengths coexist (a file fingerprinted while it had one line keeps that length until
    // it grows): per length, the hash of that many first bytes.
    private readonly SortedDictionary<int, Dictionary<ulong, TrackedFile>> _byLength = new(Comparer<int>.Create((a, b) => b.CompareTo(a)));
    private long _discoveries;

    public List<TrackedFile> Files { get; } = [];

    public TrackedFile Add(TailedFileInfo info, bool fingerprintFinal, int input, long offset, bool done)
    {
        var file = new TrackedFile(info, fingerprintFinal, input, offset, done, _discoveries++);
        Index(file.Fingerprint).Add(file.Fingerprint.Hash, file);
        Files.Add(file);
        return file;
    }

    public bool Contains(FileFingerprint fingerprint) =>
        _byLength.TryGetValue(fingerprint.Length, out var byHash) && byHash.ContainsKey(fingerprint.Hash);

    /// <summary>The known file whose fingerprint is the longest prefix of <paramref name="head"/>, if any.</summary>
    public TrackedFile? Match(ReadOnlySpan<byte> head)
    {
        foreach (var (length, byHash) in _byLength)
        {
            if (length <= head.Length && byHash.TryGetValue(XxHash3.HashToUInt64(head[..length]), out var file))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Extends the fingerprint of a file that has more first lines now (<paramref name="head"/> starts with
    /// its current fingerprint). Left as it is if another known file already has the longer fingerprint.</summary>
    public void Grow(TrackedFile file, ReadOnlySpan<byte> head, bool final)
    {
        if (head.Length <= file.Fingerprint.Length)
        {
            file.FingerprintFinal |= final;
            return;
        }

        var longer = FileFingerprint.Of(head);
        if (Contains(longer))
        {
            file.FingerprintFinal = true;
            return;
        }

        Remove(file.Fingerprint);
        file.Info.Fingerprint = longer;
        Index(longer).Add(longer.Hash, file);
        file.FingerprintFinal = final;
    }

    public void Forget(TrackedFile file)
    {
        file.Close();
        Remove(file.Fingerprint);
        Files.Remove(file);
    }

    private void Remove(FileFingerprint fingerprint)
    {
        if (_byLength.TryGetValue(fingerprint.Length, out var byHash))
        {
            byHash.Remove(fingerprint.Hash);
            if (byHash.Count == 0)
            {
                _byLength.Remove(fingerprint.Length);
            }
        }
    }

    private Dictionary<ulong, TrackedFile> Index(FileFingerprint fingerprint)
    {
        if (!_byLength.TryGetValue(fingerprint.Length, out var byHash))
        {
            byHash = [];
            _byLength.Add(fingerprint.Length, byHash);
        }

        return byHash;
    }
}

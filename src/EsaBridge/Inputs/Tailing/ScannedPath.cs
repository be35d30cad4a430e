namespace EsaBridge.Inputs.Tailing;

/// <summary>What the last scan saw at a path; the head is read again only when size or times change.</summary>
internal sealed class ScannedPath(string path)
{
    public string Path { get; } = path;

    public int Input { get; set; }

    public long Size { get; set; } = -1;

    public DateTime LastWriteUtc { get; set; }

    public DateTime CreationUtc { get; set; }

    public bool IsCompressed { get; set; }

    /// <summary>The fingerprinted head (its first complete lines), or null while the file has no complete line yet.</summary>
    public byte[]? Region { get; set; }

    public bool RegionFinal { get; set; }

    /// <summary>A .gz whose last write is too recent: its head is read once it has settled.</summary>
    public bool Unsettled { get; set; }

    public bool DuplicateCounted { get; set; }

    public long LastScan { get; set; }

    public bool SameStat(long size, DateTime lastWriteUtc, DateTime creationUtc) =>
        Size == size && LastWriteUtc == lastWriteUtc && CreationUtc == creationUtc;
}

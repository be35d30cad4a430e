namespace EsaBridge.Inputs.Tailing;

/// <summary>What the tailer has seen so far. Written by the polling thread only.</summary>
internal sealed class TailerCounters
{
    public long FilesDiscovered { get; internal set; }

    public long Renames { get; internal set; }

    public long Truncations { get; internal set; }

    /// <summary>Handles closed because the file was deleted or moved out of the pattern and fully read.</summary>
    public long FilesClosed { get; internal set; }

    public long CompressedFilesRead { get; internal set; }

    public long OversizedLines { get; internal set; }

    /// <summary>Unterminated last lines of rotated or deleted files delivered after the grace period.</summary>
    public long UnterminatedTails { get; internal set; }

    /// <summary>Paths holding a copy of a file already tracked under another path (skipped).</summary>
    public long Duplicates { get; internal set; }

    public long ReadErrors { get; internal set; }

    public long Forgotten { get; internal set; }

    public long IgnoredCheckpoints { get; internal set; }

    public long BytesRead { get; internal set; }
}

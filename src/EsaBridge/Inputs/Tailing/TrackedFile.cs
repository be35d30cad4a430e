namespace EsaBridge.Inputs.Tailing;

/// <summary>The tailer's state of one file, known by its fingerprint.</summary>
internal sealed class TrackedFile(TailedFileInfo info, bool fingerprintFinal, int input, long offset, bool done, long discovery)
{
    public TailedFileInfo Info { get; } = info;

    public FileFingerprint Fingerprint => Info.Fingerprint;

    /// <summary>False while the file has fewer lines than a full fingerprint: it grows with the file.</summary>
    public bool FingerprintFinal { get; set; } = fingerprintFinal;

    /// <summary>Index of the input whose pattern matched the file, -1 for a restored file not seen yet.</summary>
    public int Input { get; set; } = input;

    /// <summary>Bytes handed over (complete lines and skipped oversized lines).</summary>
    public long Offset { get; set; } = offset;

    /// <summary>Beyond <see cref="Offset"/> while an oversized line is skipped: how far it has been scanned.</summary>
    public long ScanPosition { get; set; } = offset;

    public bool SkippingOversized { get; set; }

    public bool Done { get; set; } = done;

    public bool IsCompressed { get; set; }

    public IFileSource? Source { get; set; }

    /// <summary>A path under some input's pattern holds this file (as of the last scan).</summary>
    public bool Listed { get; set; }

    public DateTimeOffset? GoneSince { get; set; }

    /// <summary>Size and last write time of the file, from the last scan or read.</summary>
    public long Size { get; set; }

    public DateTime LastWriteUtc { get; set; }

    /// <summary>When the size last changed, for the grace period of unterminated tails.</summary>
    public DateTimeOffset LastGrowth { get; set; }

    /// <summary>Order of discovery, the last tie-breaker of the reading order.</summary>
    public long Discovery { get; } = discovery;

    public bool ProblemReported { get; set; }

    public void Close()
    {
        Source?.Dispose();
        Source = null;
    }

    public FileCheckpoint ToCheckpoint() =>
        new(Fingerprint.HashText, Fingerprint.Length, Info.Path, Offset, Done, Info.Host);
}

namespace EsaBridge.Inputs.Tailing;

/// <summary>The file lines come from. One instance per file for its whole life; <see cref="Path"/> follows renames.</summary>
internal sealed class TailedFileInfo
{
    internal TailedFileInfo(string? host, string path, FileFingerprint fingerprint)
    {
        Host = host;
        Path = path;
        Fingerprint = fingerprint;
    }

    /// <summary>The <c>--host</c> of the input the file belongs to, or null.</summary>
    public string? Host { get; internal set; }

    public string Path { get; internal set; }

    public FileFingerprint Fingerprint { get; internal set; }

    public override string ToString() => Path;
}

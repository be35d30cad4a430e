namespace EsaBridge.Inputs.Tailing;

/// <summary>The file lines come from. One instance per file for its whole life; <see cref="Path"/> follows renames.</summary>
internal sealed class TailedFileInfo(string? host, string path, FileFingerprint fingerprint)
{
    /// <summary>The <c>--host</c> of the input the file belongs to, or null.</summary>
    public string? Host { get; internal set; } = host;

    public string Path { get; internal set; } = path;

    public FileFingerprint Fingerprint { get; internal set; } = fingerprint;

    public override string ToString() => Path;
}

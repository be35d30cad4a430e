namespace EsaBridge.StateFiles;

/// <summary>At start, makes the state files an older version left readable by others (0644 under a 0022 umask) private
/// again: the service's own folders 0700 and its own files 0600, found by name only, so a state directory shared with
/// other files (a home directory given as <c>--state-dir</c>) has nothing else changed.</summary>
internal static class StateFileModes
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <returns>How many files and folders were made private.</returns>
    public static int Tighten(string stateDirectory, string deadLetterPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        string spool = Path.Combine(stateDirectory, "spool"), outputs = Path.Combine(stateDirectory, "outputs");
        int changed = Restrict(spool, PrivateFiles.DirectoryMode) + Restrict(outputs, PrivateFiles.DirectoryMode);
        IEnumerable<string> files =
        [
            .. ((string[])["lock", "checkpoint", "spooled-checkpoint"]).Select(name => Path.Combine(stateDirectory, name)),
            deadLetterPath,
            .. FilesIn(spool, "*.spool"),
            .. FilesIn(outputs, "*.position"),
            .. FilesIn(stateDirectory, "sessions-*.snapshot"),
            .. FilesIn(stateDirectory, "sessions-*.journal"),
        ];
        foreach (string file in files)
        {
            changed += Restrict(file, PrivateFiles.FileMode);
        }

        return changed;
    }

    private static IEnumerable<string> FilesIn(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern) : [];

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int Restrict(string path, UnixFileMode mode)
    {
        try
        {
            if (!Path.Exists(path) || (File.GetUnixFileMode(path) & Others) == 0)
            {
                return 0;
            }

            File.SetUnixFileMode(path, mode);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // another user's file, or gone meanwhile: it keeps its mode
        }
    }
}

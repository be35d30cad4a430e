using Microsoft.Win32.SafeHandles;

namespace EsaBridge.StateFiles;

/// <summary>The state directory holds addresses and subjects (spool, checkpoints, dead letters): its directories are created
/// 0700 and its files 0600, whatever the umask (a service started from a shell or a container often has 0022).</summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates a directory (and its missing parents) 0700; an existing one keeps its mode.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Options for a <see cref="FileStream"/> whose file, if this creates it, is 0600.</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open)
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Sets an open file to 0600 (for <see cref="File.OpenHandle"/>, which takes no mode).</summary>
    public static void Restrict(SafeFileHandle file)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                File.SetUnixFileMode(file, FileMode);
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's file, writable to this one: it keeps its mode rather than stop the service.
            }
        }
    }
}

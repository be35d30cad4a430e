using System.Runtime.InteropServices;

namespace EsaBridge.StateFiles;

/// <summary>Flushes a directory's entries to disk. On Linux a rename or a new file lives in the directory, which syncing
/// the file does not write: until it is synced, a power loss can bring back the old file, or lose the new one.</summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Invalid = 22; // EINVAL: the file system cannot sync directories (nothing more can be done)
    private static bool s_unavailable;

    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Sync(string directory)
    {
        if (OperatingSystem.IsWindows() || s_unavailable)
        {
            return; // NTFS journals its metadata, and a directory cannot be opened to flush it
        }

        int descriptor;
        try
        {
            descriptor = Open(directory, ReadOnly);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without these (not Linux, macOS or musl): renames are as durable as the system makes them.
            s_unavailable = true;
            return;
        }

        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (FSync(descriptor) != 0 && Marshal.GetLastPInvokeError() != Invalid)
            {
                throw Failure("sync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string what, string directory)
    {
        int error = Marshal.GetLastPInvokeError();
        return new IOException($"cannot {what} directory '{directory}' ({Marshal.GetPInvokeErrorMessage(error)})", error);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

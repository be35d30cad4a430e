using Microsoft.Win32.SafeHandles;

namespace EsaBridge.StateFiles;

/// <summary>The writes that keep the service's state (spool segments, checkpoints, positions), in one place: a full disk
/// is met the same way wherever it strikes, and tests can make the disk fill up at a byte of their choosing.</summary>
internal class StateDisk
{
    public static readonly StateDisk Local = new();

    /// <summary>Writes all of <paramref name="bytes"/> at <paramref name="offset"/>, or throws (part may be written).</summary>
    public virtual void Write(SafeFileHandle file, ReadOnlySpan<byte> bytes, long offset) => RandomAccess.Write(file, bytes, offset);

    /// <summary>Replaces a small file whole (<see cref="AtomicFile"/>): on failure the old content stays.</summary>
    public virtual void Replace(string path, ReadOnlySpan<byte> content) => AtomicFile.Write(path, content, SyncDirectory);

    /// <summary>Makes a directory's entries (a rename, a new file) durable: <see cref="DirectorySync"/>.</summary>
    public virtual void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    /// <summary>True when <paramref name="exception"/> says the disk (or the user's quota) has no room left.</summary>
    public static bool IsFull(Exception exception)
    {
        if (exception is not IOException io)
        {
            return false;
        }

        const int NoSpace = 28, QuotaExceeded = 122; // ENOSPC and EDQUOT on Linux
        const int DiskFull = 0x70, HandleDiskFull = 0x27; // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL on Windows
        int code = io.HResult;
        return OperatingSystem.IsWindows()
            ? (code & 0xFFFF) is DiskFull or HandleDiskFull && (code & 0x7FFF0000) == 0x00070000
            : code is NoSpace or QuotaExceeded;
    }
}

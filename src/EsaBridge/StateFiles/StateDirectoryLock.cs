using EsaBridge.Inputs;

namespace EsaBridge.StateFiles;

/// <summary>Takes the state directory for this process: creates it (0700) and holds an exclusive lock on its
/// <c>lock</c> file, so two services never share one. When that fails, says what really failed: a lock another process
/// holds, a directory this user may not write, or something else, with the system's words.</summary>
internal static class StateDirectoryLock
{
    private const int WouldBlock = 11; // EWOULDBLOCK (EAGAIN) on Linux: the lock is held
    private const int SharingViolation = 0x20; // ERROR_SHARING_VIOLATION on Windows

    /// <exception cref="InputException">The directory cannot be taken; the message says why and what to do.</exception>
    public static FileStream Take(string directory)
    {
        string path = Path.Combine(directory, "lock");
        try
        {
            PrivateFiles.CreateDirectory(directory);
            return new FileStream(path, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(
                $"--state-dir '{directory}': permission denied ({e.Message}); run as a user who may write there, or give a directory of its own with --state-dir");
        }
        catch (IOException e) when (HeldByAnother(e))
        {
            throw new InputException($"--state-dir '{directory}': '{path}' is locked by another process; is another esabridge running on it?");
        }
        catch (IOException e)
        {
            throw new InputException($"--state-dir '{directory}': cannot take it ({e.Message}); give another with --state-dir");
        }
    }

    private static bool HeldByAnother(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == SharingViolation : e.HResult == WouldBlock;
}

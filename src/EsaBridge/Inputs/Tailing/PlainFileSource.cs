using Microsoft.Win32.SafeHandles;

namespace EsaBridge.Inputs.Tailing;

/// <summary>A plain file read by position through a handle that survives renames and deletion.</summary>
internal sealed class PlainFileSource(SafeFileHandle handle) : IFileSource
{
    public long? Length => RandomAccess.GetLength(handle);

    public DateTime LastWriteUtc => File.GetLastWriteTimeUtc(handle);

    public static PlainFileSource Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));

    public int Read(long position, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[total..], position + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Dispose() => handle.Dispose();
}

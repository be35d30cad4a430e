using EsaBridge.Delivery;
using EsaBridge.StateFiles;
using Microsoft.Win32.SafeHandles;

namespace EsaBridge.Tests.Delivery;

/// <summary>
/// A disk with a set number of free bytes: a write that does not fit writes what fits and fails as Linux does,
/// with ENOSPC ("No space left on device", HResult 28); a file replaced whole needs room for its new copy. The test
/// frees room by raising <see cref="Free"/>, as an admin deleting old files would.
/// </summary>
internal sealed class FillingDisk(long free) : StateDisk
{
    private const int NoSpace = 28;
    private long _free = free;
    private long _refused;

    public long Free
    {
        get => Interlocked.Read(ref _free);
        set => Interlocked.Exchange(ref _free, value);
    }

    /// <summary>Writes the disk refused so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public override void Write(SafeFileHandle file, ReadOnlySpan<byte> bytes, long offset)
    {
        lock (this)
        {
            int fits = (int)Math.Min(bytes.Length, Math.Max(0, _free));
            base.Write(file, bytes[..fits], offset);
            _free -= fits;
            if (fits < bytes.Length)
            {
                Refuse("spool segment");
            }
        }
    }

    public override void Replace(string path, ReadOnlySpan<byte> content)
    {
        lock (this)
        {
            if (content.Length > _free)
            {
                Refuse(path);
            }
        }

        base.Replace(path, content);
    }

    private void Refuse(string? path)
    {
        Interlocked.Increment(ref _refused);
        throw new IOException($"No space left on device : '{path}'", NoSpace);
    }
}

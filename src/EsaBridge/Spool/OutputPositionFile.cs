using System.Buffers.Binary;
using System.IO.Hashing;
using EsaBridge.StateFiles;

namespace EsaBridge.Spool;

/// <summary><c>outputs/NAME.position</c>: the spool position up to which an output acknowledged everything, with a
/// CRC-32 so that a damaged file is told from a real position. A file that cannot be trusted is reported, never guessed
/// at: the caller resends from a point every output is known to have passed, as skipping to the spool's end would lose
/// what the output never received.</summary>
internal static class OutputPositionFile
{
    private const int LegacyBytes = sizeof(long);
    private const int Bytes = sizeof(long) + sizeof(uint);

    public static byte[] Encode(long position)
    {
        byte[] bytes = new byte[Bytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(LegacyBytes), Crc32.HashToUInt32(bytes.AsSpan(0, LegacyBytes)));
        return bytes;
    }

    /// <param name="oldest">The spool's oldest position: a saved position before it is moved up to it (nothing kept lies before).</param>
    /// <param name="end">The spool's end: a saved position past it means the spool was cut back, and what follows is made again.</param>
    /// <returns>Where the output resumes, or null with <paramref name="problem"/> saying what is wrong with the file.</returns>
    public static long? Load(string path, long oldest, long end, out string? problem)
    {
        byte[]? bytes;
        try
        {
            bytes = AtomicFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({e.Message})";
            return null;
        }

        problem = null;
        switch (bytes?.Length)
        {
            case null:
                problem = "is missing";
                return null;
            case Bytes when Crc32.HashToUInt32(bytes.AsSpan(0, LegacyBytes)) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(LegacyBytes)):
                return Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(bytes), oldest, end);
            case Bytes:
                problem = "is damaged (its checksum does not match)";
                return null;
            case LegacyBytes:
                // Written before positions carried a checksum: only a value inside the spool can be one it saved.
                long position = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                if (position >= oldest && position <= end)
                {
                    return position;
                }

                problem = $"is damaged (it holds {position}, outside the spool's {oldest}-{end})";
                return null;
            default:
                problem = $"is damaged ({bytes.Length} bytes instead of {Bytes})";
                return null;
        }
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using EsaBridge.Delivery;

namespace EsaBridge.Service;

/// <summary>
/// What a restart needs, saved as one unit: where each input stands, the open sessions those positions imply,
/// and the end of the spool when they were taken. Documents after <see cref="SpoolPosition"/> are made again
/// from the inputs, so the spool is cut back to it at start-up.
/// </summary>
internal sealed record Checkpoint(long SpoolPosition, byte[] Inputs, byte[] Sessions)
{
    private const uint Magic = 0x4B434245; // "EBCK"
    private const int FormatVersion = 1;
    private const int HeaderBytes = 4 + 4 + 8 + 4 + 4;

    public static string PathIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, "checkpoint");

    public void Save(string stateDirectory, StateDisk disk)
    {
        byte[] bytes = new byte[HeaderBytes + Inputs.Length + Sessions.Length + 4];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], SpoolPosition);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], Inputs.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], Sessions.Length);
        Inputs.CopyTo(span[HeaderBytes..]);
        Sessions.CopyTo(span[(HeaderBytes + Inputs.Length)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^4..], Crc32.HashToUInt32(span[..^4]));
        disk.Replace(PathIn(stateDirectory), bytes);
    }

    /// <returns>The last checkpoint, or null when the state directory has none (first start).</returns>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or from another version.</exception>
    public static Checkpoint? Load(string stateDirectory)
    {
        string path = PathIn(stateDirectory);
        if (AtomicFile.Read(path) is not byte[] bytes)
        {
            return null;
        }

        var span = bytes.AsSpan();
        if (bytes.Length < HeaderBytes + 4
            || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != FormatVersion
            || Crc32.HashToUInt32(span[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]))
        {
            throw new InvalidDataException($"checkpoint '{path}' is damaged or from another version; move it away to start over from the inputs' beginning");
        }

        int inputs = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        int sessions = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        if (inputs < 0 || sessions < 0 || HeaderBytes + (long)inputs + sessions + 4 != bytes.Length)
        {
            throw new InvalidDataException($"checkpoint '{path}' is damaged");
        }

        return new Checkpoint(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            span.Slice(HeaderBytes, inputs).ToArray(),
            span.Slice(HeaderBytes + inputs, sessions).ToArray());
    }
}

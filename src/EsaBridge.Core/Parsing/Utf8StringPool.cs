using System.Buffers.Binary;

namespace EsaBridge.Core.Parsing;

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to strings, for fields with few distinct values (interface,
/// listener IP, sender group, policy), so each connection does not allocate the same strings again.
/// </summary>
/// <remarks>
/// Strings, not bytes, because the states keep them and the checkpoint writes them; with the reused states this
/// brought <c>parse</c> from about 1.4 KB to about 150 bytes allocated per document (docs/PERFORMANCE.md).
/// </remarks>
public sealed class Utf8StringPool
{
    private const int SlotBits = 10;
    private const int Slots = 1 << SlotBits;
    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];

    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 64)
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        int slot = Slot(bytes);
        if (_keys[slot] is byte[] key && bytes.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        string value = System.Text.Encoding.UTF8.GetString(bytes);
        _keys[slot] = bytes.ToArray();
        _values[slot] = value;
        return value;
    }

    /// <summary>
    /// A cheap hash of short keys (most are under 16 bytes: "Data 1", "ACCEPT", an IP): their first and last 8 bytes
    /// (or 4, or each byte) mixed with the length. Longer keys take XXH3. A collision only costs a new string.
    /// The multiply instead of XXH3 for short keys is part of the parser change that cut parse's CPU by 25-30 %.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong h;
        if (bytes.Length > 16)
        {
            h = System.IO.Hashing.XxHash3.HashToUInt64(bytes);
        }
        else if (bytes.Length >= 8)
        {
            h = (BinaryPrimitives.ReadUInt64LittleEndian(bytes) * 0x9E3779B97F4A7C15UL)
                ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
        }
        else if (bytes.Length >= 4)
        {
            h = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
        }
        else
        {
            h = 0;
            foreach (byte b in bytes)
            {
                h = (h << 8) | b;
            }
        }

        h = (h ^ (ulong)bytes.Length) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(h >> (64 - SlotBits));
    }
}

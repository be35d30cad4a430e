using System.Buffers.Binary;
using System.Text;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Ordinal string keys that can also be looked up by their UTF-8 bytes (a JSON property name as the reader sees it),
/// so checking a document does not turn every field name into a string. Both hash the key's UTF-8 form.
/// </summary>
internal sealed class Utf8KeyComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    private const int StackLimit = 256;

    public static Utf8KeyComparer Instance { get; } = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        int length = Encoding.UTF8.GetMaxByteCount(obj.Length);
        if (length > StackLimit)
        {
            return GetHashCode(Encoding.UTF8.GetBytes(obj));
        }

        Span<byte> utf8 = stackalloc byte[StackLimit];
        return GetHashCode(utf8[..Encoding.UTF8.GetBytes(obj, utf8)]);
    }

    /// <summary>A cheap hash of the length and the first and last eight bytes (names are short; equality settles collisions).</summary>
    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        const ulong Mix = 0x9E3779B97F4A7C15;
        ulong hash = (ulong)alternate.Length * Mix;
        if (alternate.Length >= sizeof(ulong))
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(alternate)) * Mix;
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(alternate[^sizeof(ulong)..])) * Mix;
        }
        else
        {
            foreach (byte b in alternate)
            {
                hash = (hash ^ b) * 0x100000001B3;
            }
        }

        return (int)(hash ^ (hash >> 32));
    }

    public bool Equals(ReadOnlySpan<byte> alternate, string other)
    {
        if (alternate.Length == other.Length)
        {
            int i = 0;
            while (i < alternate.Length && alternate[i] < 0x80 && alternate[i] == other[i])
            {
                i++;
            }

            if (i == alternate.Length)
            {
                return true;
            }

            if (alternate[i] < 0x80)
            {
                return false;
            }
        }

        return Encoding.UTF8.GetCharCount(alternate) == other.Length && Encoding.UTF8.GetString(alternate) == other;
    }

    public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
}

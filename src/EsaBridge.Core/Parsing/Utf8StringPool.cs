namespace EsaBridge.Core.Parsing;

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to strings, for fields with few distinct values (interface,
/// listener IP, sender group, policy), so each connection does not allocate the same strings again.
/// </summary>
public sealed class Utf8StringPool
{
    private const int Slots = 1024;
    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];

    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 64)
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        int slot = (int)(System.IO.Hashing.XxHash3.HashToUInt64(bytes) & (Slots - 1));
        if (_keys[slot] is byte[] key && bytes.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        string value = System.Text.Encoding.UTF8.GetString(bytes);
        _keys[slot] = bytes.ToArray();
        _values[slot] = value;
        return value;
    }
}

using System.IO.Hashing;
using System.Text;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// <c>event.id</c>: a 128-bit XXH3 hash of appliance, MID and start time, so the same message always gets the same id and a
/// replay into Elasticsearch (where it is the <c>_id</c>) cannot duplicate it.
/// </summary>
public static class EventIdentity
{
    internal const int HashBytes = 16;

    /// <summary>Length of the id as text: two lower-case hex digits per hash byte.</summary>
    public const byte HexBytes = HashBytes * 2;

    public static string For(string appliance, long mid, long startSeconds)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(appliance.Length);
        Span<byte> name = maxBytes <= 256 ? stackalloc byte[256] : new byte[maxBytes];
        int nameBytes = Encoding.UTF8.GetBytes(appliance, name);
        Span<byte> hash = stackalloc byte[HashBytes];
        Hash(name[..nameBytes], mid, startSeconds, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A connection document's id: the hash of appliance, <c>icid</c>, ICID and start time.</summary>
    public static string ForConnection(string appliance, long icid, long startSeconds)
    {
        Span<byte> hex = stackalloc byte[HexBytes];
        WriteConnectionHex(System.Text.Encoding.UTF8.GetBytes(appliance), icid, startSeconds, hex);
        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>What <see cref="ForConnection"/> returns, as <see cref="HexBytes"/> ASCII bytes.</summary>
    internal static void WriteConnectionHex(ReadOnlySpan<byte> appliance, long icid, long startSeconds, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Hash(appliance, "icid"u8, icid, startSeconds, hash);
        ToHex(hash, hex);
    }

    /// <summary>The id as <see cref="HexBytes"/> ASCII bytes, from the appliance name's UTF-8 bytes (what <see cref="For"/> returns).</summary>
    internal static void WriteHex(ReadOnlySpan<byte> appliance, long mid, long startSeconds, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Hash(appliance, mid, startSeconds, hash);
        ToHex(hash, hex);
    }

    // The runtime's vectorised hex: the loop of two table look-ups per byte was 0.5 % of native parse (issue 18;
    // measured with the writer's PlainText).
    private static void ToHex(ReadOnlySpan<byte> hash, Span<byte> hex) =>
        Convert.TryToHexStringLower(hash, hex, out _);

    /// <summary>The id's 16 bytes (before hex), from the appliance name's UTF-8 bytes.</summary>
    internal static void Hash(ReadOnlySpan<byte> appliance, long mid, long startSeconds, Span<byte> hash) =>
        Hash(appliance, [], mid, startSeconds, hash);

    /// <param name="kind">Empty for a message; <c>icid</c> for a connection, so its id never equals a message's.</param>
    private static void Hash(ReadOnlySpan<byte> appliance, ReadOnlySpan<byte> kind, long id, long startSeconds, Span<byte> hash)
    {
        // 128 bytes hold a host name's key; the 512 before were zeroed for every document (no SkipLocalsInit). No
        // change measurable in native parse (issue 18); kept as the smaller of two equal ways.
        int needed = appliance.Length + kind.Length + 48;
        Span<byte> buffer = needed <= 128 ? stackalloc byte[128] : new byte[needed];

        appliance.CopyTo(buffer);
        int length = appliance.Length;
        buffer[length++] = (byte)'\n';
        if (!kind.IsEmpty)
        {
            kind.CopyTo(buffer[length..]);
            length += kind.Length;
            buffer[length++] = (byte)'\n';
        }

        id.TryFormat(buffer[length..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)'\n';
        startSeconds.TryFormat(buffer[length..], out written, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        XxHash128.Hash(buffer[..length], hash);
    }
}

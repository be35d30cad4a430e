using System.IO.Hashing;
using System.Text;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// <c>event.id</c>: a 128-bit XXH3 hash of appliance, MID and start time, so the same message always gets the same id and a
/// replay into Elasticsearch (where it is the <c>_id</c>) cannot duplicate it.
/// </summary>
public static class EventIdentity
{
    public static string For(string appliance, long mid, long startSeconds)
    {
        Span<byte> buffer = stackalloc byte[512];
        int nameBytes = Encoding.UTF8.GetByteCount(appliance);
        byte[]? rented = null;
        if (nameBytes + 48 > buffer.Length)
        {
            rented = new byte[nameBytes + 48];
            buffer = rented;
        }

        int length = Encoding.UTF8.GetBytes(appliance, buffer);
        buffer[length++] = (byte)'\n';
        mid.TryFormat(buffer[length..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)'\n';
        startSeconds.TryFormat(buffer[length..], out written, provider: System.Globalization.CultureInfo.InvariantCulture);
        length += written;

        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(buffer[..length], hash);
        return Convert.ToHexStringLower(hash);
    }
}

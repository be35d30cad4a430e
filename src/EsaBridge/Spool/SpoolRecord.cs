using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using EsaBridge.Delivery;

namespace EsaBridge.Spool;

/// <summary>One document in a spool segment: length, CRC-32 of the payload, then the payload (id length, id, JSON). The
/// CRC finds a record torn by a crash in the middle of a write.</summary>
internal static class SpoolRecord
{
    public const int HeaderBytes = 8;

    /// <summary>The longest id a record holds (its length is one byte).</summary>
    public const int MaxIdBytes = byte.MaxValue;

    public static int SizeOf(int idBytes, int jsonBytes) => HeaderBytes + 1 + idBytes + jsonBytes;

    /// <summary>Writes the record at the start of <paramref name="destination"/>, which must hold <see cref="SizeOf"/> bytes.</summary>
    /// <param name="id">The document's id, ASCII, at most <see cref="MaxIdBytes"/> bytes.</param>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> id, ReadOnlySpan<byte> json)
    {
        int payloadBytes = 1 + id.Length + json.Length;
        var payload = destination.Slice(HeaderBytes, payloadBytes);
        payload[0] = (byte)id.Length;
        id.CopyTo(payload[1..]);
        json.CopyTo(payload[(1 + id.Length)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, payloadBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.HashToUInt32(payload));
    }

    /// <returns>The document, or null at a clean end of data; throws on a damaged record.</returns>
    public static OutgoingDocument? Read(Stream source, out int recordBytes)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        recordBytes = 0;
        int got = source.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        if (got == 0)
        {
            return null;
        }

        int payloadBytes = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (got < HeaderBytes || payloadBytes < 1 || payloadBytes > 64 << 20)
        {
            throw new InvalidDataException("damaged spool record header");
        }

        byte[] payload = new byte[payloadBytes];
        if (source.ReadAtLeast(payload, payloadBytes, throwOnEndOfStream: false) < payloadBytes
            || Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..]))
        {
            throw new InvalidDataException("damaged spool record");
        }

        int idBytes = payload[0];
        if (1 + idBytes > payloadBytes)
        {
            throw new InvalidDataException("damaged spool record id");
        }

        recordBytes = HeaderBytes + payloadBytes;
        string id = Encoding.ASCII.GetString(payload, 1, idBytes);
        return new OutgoingDocument(id, payload.AsMemory(1 + idBytes));
    }
}

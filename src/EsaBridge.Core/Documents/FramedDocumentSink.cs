using System.Buffers.Binary;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Documents as frames, for a consumer that needs each document's <c>event.id</c> apart from its JSON (the service's
/// spool): the frame's length after its first 4 bytes (little-endian), the id's length (1 byte), the id (ASCII), the
/// JSON (no newline). <see cref="FrameLength"/> and <see cref="Split"/> take them apart again.
/// </summary>
public sealed class FramedDocumentSink(Func<ArraySegment<byte>, byte[]> handOff, byte[] first, int flushBytes, string? writingThread = null)
    : DocumentSink(handOff, first, flushBytes, writingThread)
{
    private const int LengthBytes = 4;

    /// <returns>The length of the first frame in <paramref name="frames"/>, its 4-byte length included.</returns>
    /// <exception cref="InvalidDataException">The bytes do not start with a frame this sink wrote.</exception>
    public static int FrameLength(ReadOnlySpan<byte> frames)
    {
        int length = frames.Length > LengthBytes ? BinaryPrimitives.ReadInt32LittleEndian(frames) : -1;
        if (length < 1 || length > frames.Length - LengthBytes || frames[LengthBytes] >= length)
        {
            throw new InvalidDataException("not a document frame");
        }

        return LengthBytes + length;
    }

    /// <summary>Takes one frame (of <see cref="FrameLength"/> bytes) apart.</summary>
    public static void Split(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> id, out ReadOnlySpan<byte> json)
    {
        int idBytes = frame[LengthBytes];
        id = frame.Slice(LengthBytes + 1, idBytes);
        json = frame[(LengthBytes + 1 + idBytes)..];
    }

    internal override void WriteDocument(in FinishedMessage message)
    {
        Span<byte> id = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteHex(message.Appliance.NameUtf8, message.Mid, message.Start, id);
        int start = StartFrame(id);
        EcsMessageWriter.Write(Json, in message, id);
        EndFrame(start);
    }

    internal override void WriteDocument(in FinishedConnection connection)
    {
        Span<byte> id = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteConnectionHex(connection.Appliance.NameUtf8, connection.Icid, connection.Start, id);
        int start = StartFrame(id);
        EcsConnectionWriter.Write(Json, in connection, id);
        EndFrame(start);
    }

    /// <summary>Writes the frame's header up to the JSON, its length left to <see cref="EndFrame"/>.</summary>
    /// <returns>Where the frame starts.</returns>
    private int StartFrame(ReadOnlySpan<byte> id)
    {
        int start = Json.Count;
        Json.Raw(stackalloc byte[LengthBytes]);
        Json.Raw((byte)id.Length);
        Json.Raw(id);
        return start;
    }

    private void EndFrame(int start)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Json.WrittenSpan(start, LengthBytes), Json.Count - start - LengthBytes);
        Written();
    }
}

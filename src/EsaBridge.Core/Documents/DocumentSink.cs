using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// A byte format of the finished messages: each one's document written straight from its state, without a
/// <see cref="SessionRecord"/> in between (the hot path of <c>parse</c>, <c>ship</c> and <c>run</c>). The bytes go into arrays that
/// are handed to the owner whenever one holds at least <c>flushBytes</c>; the owner returns an empty array to go on
/// with.
/// </summary>
public abstract class DocumentSink : FinishedMessageSink
{
    private readonly Func<ArraySegment<byte>, byte[]> _handOff;
    private readonly int _flushBytes;

    /// <param name="handOff">Takes the written bytes (the array is the owner's until it gives it back) and returns an empty array.</param>
    /// <param name="first">The array to start in.</param>
    private protected DocumentSink(Func<ArraySegment<byte>, byte[]> handOff, byte[] first, int flushBytes)
    {
        _handOff = handOff;
        _flushBytes = flushBytes;
        Json = new JsonBytes(first);
    }

    private protected JsonBytes Json { get; }

    /// <summary>Hands off what is written so far, if anything.</summary>
    public override void Flush()
    {
        if (Json.Count > 0)
        {
            Json.Reset(_handOff(Json.Written));
        }
    }

    /// <summary>Called after each document: hands the array off once it is full enough.</summary>
    private protected void Written()
    {
        if (Json.Count >= _flushBytes)
        {
            Json.Reset(_handOff(Json.Written));
        }
    }
}

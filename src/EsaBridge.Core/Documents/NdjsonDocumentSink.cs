using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Receives finished messages from the sessionizer and writes their documents as NDJSON straight into byte arrays
/// (no <see cref="SessionRecord"/>, no strings): the fast path of <c>esabridge parse</c>. Whenever an array holds at
/// least <c>flushBytes</c>, it is handed to the owner, which returns an empty array to go on with.
/// </summary>
public sealed class NdjsonDocumentSink
{
    private readonly Func<ArraySegment<byte>, byte[]> _handOff;
    private readonly int _flushBytes;
    private readonly JsonBytes _json;

    /// <param name="handOff">Takes the written bytes (the array is the owner's until it gives it back) and returns an empty array.</param>
    /// <param name="first">The array to start in.</param>
    public NdjsonDocumentSink(Func<ArraySegment<byte>, byte[]> handOff, byte[] first, int flushBytes)
    {
        _handOff = handOff;
        _flushBytes = flushBytes;
        _json = new JsonBytes(first);
    }

    /// <summary>Hands off what is written so far, if anything.</summary>
    public void Flush()
    {
        if (_json.Count > 0)
        {
            _json.Reset(_handOff(_json.Written));
        }
    }

    internal void Write(in FinishedMessage message)
    {
        EcsMessageWriter.Write(_json, in message);
        _json.NewLine();
        if (_json.Count >= _flushBytes)
        {
            _json.Reset(_handOff(_json.Written));
        }
    }
}

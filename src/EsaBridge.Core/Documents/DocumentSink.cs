using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// A byte format of the finished messages: each one's document written straight from its state, without a
/// <see cref="SessionRecord"/> in between (the hot path of <c>parse</c>, <c>ship</c> and <c>run</c>). The bytes go into arrays that
/// are handed to the owner whenever one holds at least <c>flushBytes</c>; the owner returns an empty array to go on
/// with. Given a thread name, the documents are written on a thread of their own (<see cref="DocumentWritingThread"/>),
/// so writing them and sessionizing share the cores.
/// </summary>
public abstract class DocumentSink : FinishedMessageSink, IDisposable
{
    private readonly Func<ArraySegment<byte>, byte[]> _handOff;
    private readonly int _flushBytes;
    private readonly DocumentWritingThread? _thread;

    /// <param name="handOff">Takes the written bytes (the array is the owner's until it gives it back) and returns an empty array.</param>
    /// <param name="first">The array to start in.</param>
    /// <param name="writingThread">The name of the thread to write documents on; null: on the sessionizer's, during <c>Write</c>.</param>
    /// <param name="workers">With a writing thread: the threads to write on, shared with the stages that take the
    /// hand-offs (added to them first; the caller disposes them after this sink); null: threads of the sink's own.</param>
    private protected DocumentSink(
        Func<ArraySegment<byte>, byte[]> handOff, byte[] first, int flushBytes, string? writingThread, Threading.StageWorkers? workers = null)
    {
        _handOff = handOff;
        _flushBytes = flushBytes;
        Json = new JsonBytes(first);
        if (writingThread is not null)
        {
            _thread = new DocumentWritingThread(this, writingThread, workers);
        }
    }

    /// <summary>The threads the documents are written on, null when written on the sessionizer's.</summary>
    public Threading.StageWorkers? Workers => _thread?.Workers;

    internal override bool KeepsStates => _thread is not null;

    private protected JsonBytes Json { get; }

    /// <summary>Hands off what is written so far, if anything, once every document handed before is written.</summary>
    /// <remarks>Called on the sessionizer's thread, or while the sessionizer is idle (it gives states back to it).</remarks>
    /// <exception cref="Exception">What writing or handing off threw on the writing thread, if anything.</exception>
    public override void Flush()
    {
        _thread?.Drain();
        if (Json.Count > 0)
        {
            Json.Reset(_handOff(Json.Written));
        }
    }

    public void Dispose()
    {
        _thread?.Dispose();
        GC.SuppressFinalize(this);
    }

    internal override void Attach(IFinishedStateReturn states) => _thread?.Attach(states);

    internal sealed override void Write(in FinishedMessage message)
    {
        if (_thread is null)
        {
            WriteDocument(in message);
        }
        else
        {
            _thread.Add(in message);
        }
    }

    internal sealed override void Write(in FinishedConnection connection)
    {
        if (_thread is null)
        {
            WriteDocument(in connection);
        }
        else
        {
            _thread.Add(in connection);
        }
    }

    /// <summary>Writes the message's document into <see cref="Json"/>, then calls <see cref="Written"/>.</summary>
    internal abstract void WriteDocument(in FinishedMessage message);

    /// <summary>Writes the connection's document into <see cref="Json"/>, then calls <see cref="Written"/>.</summary>
    internal abstract void WriteDocument(in FinishedConnection connection);

    /// <summary>Called after each document: hands the array off once it is full enough.</summary>
    private protected void Written()
    {
        if (Json.Count >= _flushBytes)
        {
            Json.Reset(_handOff(Json.Written));
        }
    }
}

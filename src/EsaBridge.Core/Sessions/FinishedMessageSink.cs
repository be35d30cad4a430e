namespace EsaBridge.Core.Sessions;

/// <summary>
/// Where the sessionizer hands every message and connection it finishes (or gives up on), in order: the one stream every command
/// consumes. Document sinks write the bytes straight from the message's state; <see cref="SessionRecordSink"/>
/// makes a <see cref="SessionRecord"/> of it.
/// </summary>
public abstract class FinishedMessageSink
{
    /// <summary>
    /// True when the sink keeps the states it is handed, to write them later on a thread of its own: the sessionizer
    /// then freezes a copy of a connection that is still open for the message's document, and reuses a state only once
    /// the sink gives it back (<see cref="IFinishedStateReturn"/>).
    /// </summary>
    internal virtual bool KeepsStates => false;

    /// <summary>Hands on what is held so far, if anything (a sink that holds nothing does nothing).</summary>
    public virtual void Flush()
    {
    }

    /// <param name="message">Unless <see cref="KeepsStates"/>, valid only during the call: the sessionizer reuses its state afterwards.</param>
    internal abstract void Write(in FinishedMessage message);

    /// <param name="connection">Unless <see cref="KeepsStates"/>, valid only during the call: the sessionizer reuses its state afterwards.</param>
    /// <remarks>A sink that takes messages only ignores connections.</remarks>
    internal virtual void Write(in FinishedConnection connection)
    {
    }

    /// <summary>Called once by the sessionizer the sink belongs to: where a sink that <see cref="KeepsStates"/> gives them back.</summary>
    internal virtual void Attach(IFinishedStateReturn states)
    {
    }
}

/// <summary>
/// The sessionizer's side of a sink that <see cref="FinishedMessageSink.KeepsStates"/>: the sink gives back each state it
/// was handed once its document is written, on the thread that runs the sessionizer (or while the sessionizer is idle).
/// </summary>
internal interface IFinishedStateReturn
{
    void Return(in FinishedMessage message);

    void Return(in FinishedConnection connection);
}

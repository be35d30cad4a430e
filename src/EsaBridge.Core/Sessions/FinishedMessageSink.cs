namespace EsaBridge.Core.Sessions;

/// <summary>
/// Where the sessionizer hands every message and connection it finishes (or gives up on), in order: the one stream every command
/// consumes. Document sinks write the bytes straight from the message's state; <see cref="SessionRecordSink"/>
/// makes a <see cref="SessionRecord"/> of it.
/// </summary>
public abstract class FinishedMessageSink
{
    /// <summary>Hands on what is held so far, if anything (a sink that holds nothing does nothing).</summary>
    public virtual void Flush()
    {
    }

    /// <param name="message">Valid only during the call: the sessionizer reuses its state afterwards.</param>
    internal abstract void Write(in FinishedMessage message);

    /// <param name="connection">Valid only during the call: the sessionizer reuses its state afterwards.</param>
    /// <remarks>A sink that takes messages only ignores connections.</remarks>
    internal virtual void Write(in FinishedConnection connection)
    {
    }
}

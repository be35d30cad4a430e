namespace EsaBridge.Core.Sessions;

/// <summary>Each finished message as a <see cref="SessionRecord"/> (<c>report</c>, tests): a string per field, off the hot path.</summary>
public sealed class SessionRecordSink(Action<SessionRecord> receive) : FinishedMessageSink
{
    internal override void Write(in FinishedMessage message) => receive(message.ToRecord());
}

namespace EsaBridge.Core.Sessions;

/// <summary>Each finished message as a <see cref="SessionRecord"/> (<c>report</c>, tests): a string per field, off the hot path.</summary>
/// <param name="connections">Receives each finished connection as a <see cref="ConnectionRecord"/>; null to ignore them.</param>
public sealed class SessionRecordSink(Action<SessionRecord> receive, Action<ConnectionRecord>? connections = null) : FinishedMessageSink
{
    internal override void Write(in FinishedMessage message) => receive(message.ToRecord());

    internal override void Write(in FinishedConnection connection) => connections?.Invoke(connection.ToRecord());
}

namespace EsaBridge.Core.Sessions;

/// <summary>How a connection ended: <c>event.action</c> of its document (docs/session-document.md, "Connection documents").</summary>
public enum ConnectionEnding : byte
{
    Closed,
    Lost,
    Timeout,
    Rejected,
    Incomplete,
}

public static class ConnectionEndingNames
{
    public static IReadOnlyList<ConnectionEnding> All { get; } =
        [ConnectionEnding.Closed, ConnectionEnding.Lost, ConnectionEnding.Timeout, ConnectionEnding.Rejected, ConnectionEnding.Incomplete];

    /// <summary><c>event.action</c>.</summary>
    public static string Action(ConnectionEnding ending) => ending switch
    {
        ConnectionEnding.Closed => "connection-closed",
        ConnectionEnding.Lost => "connection-lost",
        ConnectionEnding.Timeout => "connection-timeout",
        ConnectionEnding.Rejected => "connection-rejected",
        _ => "connection-incomplete",
    };

    /// <summary><c>event.outcome</c>.</summary>
    public static string Outcome(ConnectionEnding ending) => ending switch
    {
        ConnectionEnding.Closed => "success",
        ConnectionEnding.Incomplete => "unknown",
        _ => "failure",
    };

    /// <summary>The Splunk event's CIM <c>action</c>: blocked for a HAT or recipient rejection, teardown for a close, lost or timeout; absent when incomplete.</summary>
    public static string? CimAction(ConnectionEnding ending) => ending switch
    {
        ConnectionEnding.Rejected => "blocked",
        ConnectionEnding.Incomplete => null,
        _ => "teardown",
    };
}

/// <summary>
/// A connection the sessionizer has just ended (<c>ICID i close</c>) or given up on (evicted or flushed, as incomplete),
/// as handed to a <see cref="FinishedMessageSink"/>. Valid only during the call it is passed to: the state is reused afterwards.
/// </summary>
internal readonly struct FinishedConnection(
    ApplianceState appliance, long icid, ConnectionState connection, ConnectionEnding ending, long end, AbortClass abortClass, bool nearTimeout, long? idle)
    : IDocumentSource
{
    public ObserverStamp Observer { get; } = new(appliance);

    public ApplianceState Appliance => Observer.Appliance;

    public long Icid { get; } = icid;

    public ConnectionState Connection { get; } = connection;

    public ConnectionState? SharedConnection => Connection;

    public ConnectionEnding Ending { get; } = ending;

    public long Start { get; } = Math.Min(connection.FirstSeconds, end);

    public long End { get; } = end;

    public AbortClass AbortClass { get; } = abortClass;

    public bool NearTimeout { get; } = nearTimeout;

    public long? IdleSeconds { get; } = idle;

    public ConnectionRecord ToRecord() => new()
    {
        EventId = EventIdentity.ForConnection(Appliance.Name, Icid, Start),
        Appliance = Appliance.Name,
        Icid = Icid,
        Ending = Ending,
        StartSeconds = Start,
        EndSeconds = End,
        AbortClass = AbortClass,
        NearTimeout = NearTimeout,
        IdleSeconds = IdleSeconds,
        Mids = (IReadOnlyList<long>?)Connection.Mids?.ToArray() ?? [],
        RejectedRecipients = Connection.RejectedRecipients,
        Connection = Connection.Snapshot ??= ConnectionSnapshot.Of(Connection),
    };
}

/// <summary>A finished connection as data (the <c>report</c> command and tests): what its document says.</summary>
public sealed record ConnectionRecord
{
    public required string EventId { get; init; }

    public required string Appliance { get; init; }

    public required long Icid { get; init; }

    public required ConnectionEnding Ending { get; init; }

    public required long StartSeconds { get; init; }

    public required long EndSeconds { get; init; }

    public required AbortClass AbortClass { get; init; }

    public bool NearTimeout { get; init; }

    public long? IdleSeconds { get; init; }

    public IReadOnlyList<long> Mids { get; init; } = [];

    public int RejectedRecipients { get; init; }

    public ConnectionSnapshot? Connection { get; init; }
}

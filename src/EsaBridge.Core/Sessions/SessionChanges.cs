namespace EsaBridge.Core.Sessions;

/// <summary>
/// What changed in a sessionizer since its state was last written (snapshot or journal record), so a commit can write
/// only that. Off until the first snapshot (batch runs never pay for it). Lists grow by amortised appends: a state is
/// listed once per epoch however many of its lines come in it.
/// </summary>
internal sealed class SessionChanges
{
    public bool Tracking { get; private set; }

    /// <summary>Raised at every write: a state marked with an older epoch is not listed.</summary>
    public long Epoch { get; private set; } = 1;

    public List<SessionKey> Messages { get; } = [];

    public List<SessionKey> RemovedMessages { get; } = [];

    public List<ConnectionState> Connections { get; } = [];

    public List<int> DroppedConnections { get; } = [];

    public int NextConnectionId { get; set; } = 1;

    public void Changed(SessionKey key, MessageState message)
    {
        if (message.ChangedIn != Epoch)
        {
            message.ChangedIn = Epoch;
            Messages.Add(key);
        }
    }

    public void Removed(SessionKey key, MessageState message)
    {
        if (message.Journaled)
        {
            RemovedMessages.Add(key);
        }
    }

    public void Changed(ConnectionState connection)
    {
        if (connection.ChangedIn != Epoch)
        {
            connection.ChangedIn = Epoch;
            Connections.Add(connection);
        }
    }

    /// <summary>The connection is gone for good (closed and no open message links to it).</summary>
    public void Dropped(ConnectionState connection)
    {
        if (connection.JournalId != 0)
        {
            DroppedConnections.Add(connection.JournalId);
        }

        connection.ChangedIn = 0;
        connection.JournalId = 0;
    }

    /// <summary>Everything listed is written: starts the next epoch (and tracking, after the first snapshot).</summary>
    public void Written()
    {
        Tracking = true;
        Epoch++;
        Messages.Clear();
        RemovedMessages.Clear();
        Connections.Clear();
        DroppedConnections.Clear();
    }
}

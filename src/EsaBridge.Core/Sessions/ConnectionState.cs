namespace EsaBridge.Core.Sessions;

/// <summary>
/// One inbound SMTP connection (ICID). Messages keep a reference to it, so it can leave the sessionizer's
/// table at <c>ICID close</c> while its messages are still being delivered. The sessionizer counts those
/// references and reuses the state once the connection is closed and none is left; the source IP and reverse DNS
/// name stay in the log's UTF-8 bytes until someone asks for a string.
/// </summary>
public sealed class ConnectionState
{
    public string? Interface { get; set; }

    public string? ListenerIp { get; set; }

    public string? SourceIp
    {
        get => SourceIpText.ToStringOrNull();
        set => SourceIpText.Set(value);
    }

    public string? ReverseDns
    {
        get => ReverseDnsText.ToStringOrNull();
        set => ReverseDnsText.Set(value);
    }

    public bool? ReverseDnsVerified { get; set; }

    public string? Policy { get; set; }

    public string? SenderGroup { get; set; }

    public double? Sbrs { get; set; }

    public string? SbrsStatus { get; set; }

    public string? Tls { get; set; }

    public bool Lost { get; set; }

    public long LostSeconds { get; set; }

    internal long LastSeconds { get; set; }

    /// <summary>The fields as last published, shared by the connection's messages until a field changes.</summary>
    internal ConnectionSnapshot? Snapshot { get; set; }

    internal Utf8Field SourceIpText;
    internal Utf8Field ReverseDnsText;

    /// <summary>How many open message states link to this connection.</summary>
    internal int Messages { get; set; }

    /// <summary>True while the sessionizer's table holds it (from its first line to <c>ICID close</c>).</summary>
    internal bool InTable { get; set; }

    /// <summary>Its key in the sessionizer's table while <see cref="InTable"/>.</summary>
    internal SessionKey TableKey { get; set; }

    /// <summary>The journal epoch in which this connection was last listed as changed (<see cref="SessionChanges"/>).</summary>
    internal long ChangedIn { get; set; }

    /// <summary>Its number in the session journal; 0 until a snapshot or journal record holds it.</summary>
    internal int JournalId { get; set; }

    /// <summary>Forgets everything, keeping the arrays for the next connection.</summary>
    internal void Reset()
    {
        Interface = ListenerIp = Policy = SenderGroup = SbrsStatus = Tls = null;
        SourceIpText.Clear();
        ReverseDnsText.Clear();
        ReverseDnsVerified = null;
        Sbrs = null;
        Lost = false;
        LostSeconds = LastSeconds = 0;
        Snapshot = null;
        Messages = 0;
        InTable = false;
        TableKey = default;
        ChangedIn = 0;
        JournalId = 0;
    }
}

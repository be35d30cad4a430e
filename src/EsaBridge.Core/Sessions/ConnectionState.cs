namespace EsaBridge.Core.Sessions;

/// <summary>
/// One inbound SMTP connection (ICID). Messages keep a reference to it, so it can leave the sessionizer's
/// table at <c>ICID close</c> while its messages are still being delivered.
/// </summary>
public sealed class ConnectionState
{
    public string? Interface { get; set; }

    public string? ListenerIp { get; set; }

    public string? SourceIp { get; set; }

    public string? ReverseDns { get; set; }

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
}

namespace EsaBridge.Core.Sessions;

/// <summary>The connection's fields as they were when its message's document was made.</summary>
public sealed record ConnectionSnapshot(
    string? Interface,
    string? ListenerIp,
    string? SourceIp,
    string? ReverseDns,
    bool? ReverseDnsVerified,
    string? Policy,
    string? SenderGroup,
    double? Sbrs,
    string? SbrsStatus,
    string? Tls,
    bool Lost,
    string? Country = null,
    string? TlsCipher = null,
    string? TlsFailure = null,
    bool Observed = true)
{
    public static ConnectionSnapshot Of(ConnectionState c) => new(
        c.Interface, c.ListenerIp, c.SourceIp, c.ReverseDns, c.ReverseDnsVerified, c.Policy, c.SenderGroup, c.Sbrs,
        c.SbrsStatus, c.Tls, c.Lost, c.Country, c.TlsCipher, c.TlsFailure, c.Observed);
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Properties;

/// <summary>What the connection document of one generated ICID must say.</summary>
public sealed record ExpectedConnection(
    long Icid,
    string Action,
    AbortClass AbortClass,
    bool NearTimeout,
    long IdleSeconds,
    long StartSeconds,
    long EndSeconds,
    IReadOnlyList<long> Mids,
    int RejectedRecipients,
    ConnectionSpec Spec,
    bool Lost,
    string? TlsFailure);

/// <summary>What a generated session logged about its connection, as the contract's rules need it.</summary>
public sealed record ConnectionTimeline(
    long Start,
    long LastActive,
    long? LostAt,
    long CloseAt,
    bool TimeoutLine,
    bool HatRejected,
    int RejectedRecipients,
    int AcceptedRecipients)
{
    private const long ListenerTimeout = 300;
    private const long Tolerance = 5;

    /// <summary>
    /// docs/session-document.md, "Version 2: connection documents": the idle time runs from the last active line to
    /// <c>lost</c> (else <c>close</c>); near the listener timeout (or after the old timeout line) the class is
    /// <c>timeout</c> even when <c>lost</c> follows; a HAT rejection, or recipients rejected and none accepted, names the
    /// action whatever the class.
    /// </summary>
    public ExpectedConnection Expect(long icid, IReadOnlyList<long> mids, ConnectionSpec spec, string? tlsFailure)
    {
        long idle = (LostAt ?? CloseAt) - LastActive;
        bool near = Math.Abs(idle - ListenerTimeout) <= Tolerance;
        var abortClass = TimeoutLine || near ? AbortClass.Timeout : LostAt is not null ? AbortClass.ConnectionLost : AbortClass.None;
        bool rejected = HatRejected || (RejectedRecipients > 0 && AcceptedRecipients == 0);
        string action = rejected ? "connection-rejected" : abortClass switch
        {
            AbortClass.Timeout => "connection-timeout",
            AbortClass.ConnectionLost => "connection-lost",
            _ => "connection-closed",
        };
        return new ExpectedConnection(icid, action, abortClass, near, idle, Start, CloseAt, mids, RejectedRecipients, spec, LostAt is not null, tlsFailure);
    }
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Reporting;

/// <summary>Session records as the core would emit them, built directly.</summary>
internal static class Sessions
{
    private static long _mid;

    public static SessionRecord Done(
        long end = 1_408_014_336, string? reason = null, ConnectionSnapshot? connection = null) =>
        Make(MessageOutcome.Done, AbortClass.None, end, reason, idle: null, near: false, connection);

    public static SessionRecord Incomplete(long end = 1_408_014_336) =>
        Make(MessageOutcome.Incomplete, AbortClass.Unknown, end, reason: null, idle: null, near: false, connection: null);

    public static SessionRecord Aborted(
        AbortClass abortClass,
        long idle = 3,
        bool near = false,
        long end = 1_408_014_336,
        ConnectionSnapshot? connection = null,
        string reason = "Receiving aborted") =>
        Make(MessageOutcome.Aborted, abortClass, end, reason, idle, near, connection);

    /// <summary>A done message with what became of it (contract version 2's disposition, verdicts, quarantines, recipients).</summary>
    public static SessionRecord Story(
        string disposition,
        VerdictSnapshot? verdicts = null,
        IReadOnlyList<string>? quarantines = null,
        IReadOnlyList<RecipientRecord>? recipients = null)
    {
        var r = Make(MessageOutcome.Done, AbortClass.None, 1_408_014_336, reason: null, idle: null, near: false, connection: null);
        return new SessionRecord
        {
            EventId = r.EventId,
            Appliance = r.Appliance,
            Mid = r.Mid,
            Outcome = r.Outcome,
            StartSeconds = r.StartSeconds,
            EndSeconds = r.EndSeconds,
            AbortClass = r.AbortClass,
            Disposition = disposition,
            Verdicts = verdicts,
            Quarantines = quarantines ?? [],
            Recipients = recipients ?? [],
        };
    }

    public static RecipientRecord Bounced(long rid, string? statusCode) =>
        new(rid, $"user{rid}@example.com", "bounced", Dcid: 7, StatusCode: statusCode);

    public static RecipientRecord Delivered(long rid) => new(rid, $"user{rid}@example.com", "delivered", Dcid: 7);

    public static ConnectionSnapshot From(string? ip, string? reverseDns = null, string? senderGroup = null) =>
        new(
            Interface: "Management",
            ListenerIp: "192.168.0.199",
            SourceIp: ip,
            ReverseDns: reverseDns,
            ReverseDnsVerified: false,
            Policy: "RELAY",
            SenderGroup: senderGroup,
            Sbrs: null,
            SbrsStatus: "not enabled",
            Tls: null,
            Lost: false);

    private static SessionRecord Make(
        MessageOutcome outcome,
        AbortClass abortClass,
        long end,
        string? reason,
        long? idle,
        bool near,
        ConnectionSnapshot? connection)
    {
        long mid = Interlocked.Increment(ref _mid);
        return new SessionRecord
        {
            EventId = $"test-{mid}",
            Appliance = "esa1.example.com",
            Mid = mid,
            Outcome = outcome,
            StartSeconds = end - 10,
            EndSeconds = end,
            AbortClass = abortClass,
            Reason = reason,
            IdleSeconds = idle,
            NearTimeout = near,
            Connection = connection,
        };
    }
}

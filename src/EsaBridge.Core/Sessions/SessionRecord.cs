namespace EsaBridge.Core.Sessions;

/// <summary>
/// One finished (or given-up) message with its connection, as strings and lists (<see cref="SessionRecordSink"/>):
/// the read model of <c>report</c> and of tests. Documents are written from the sessionizer's state instead
/// (<see cref="Documents.EcsMessageWriter"/>). Times are UTC seconds since 1970.
/// </summary>
public sealed class SessionRecord
{
    public required string EventId { get; init; }

    public required string Appliance { get; init; }

    public required long Mid { get; init; }

    /// <summary>Null when no line tied the message to a connection.</summary>
    public long? Icid { get; init; }

    public required MessageOutcome Outcome { get; init; }

    public required long StartSeconds { get; init; }

    public required long EndSeconds { get; init; }

    public long DurationSeconds => Math.Max(0, EndSeconds - StartSeconds);

    public string? Reason { get; init; }

    public required AbortClass AbortClass { get; init; }

    public bool NearTimeout { get; init; }

    public long? IdleSeconds { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    public string? MessageId { get; init; }

    public string? Subject { get; init; }

    public long? Size { get; init; }

    public IReadOnlyList<long> Dcids { get; init; } = [];

    public string? Policy { get; init; }

    public long? ParentMid { get; init; }

    public string? Derivation { get; init; }

    public IReadOnlyList<long> DerivedMids { get; init; } = [];

    public ConnectionSnapshot? Connection { get; init; }

    /// <summary>Null when no scan or filter line of the message was read.</summary>
    public VerdictSnapshot? Verdicts { get; init; }

    public string? ObserverVersion { get; init; }

    public string? ObserverSerialNumber { get; init; }

    public string? LogPath { get; init; }

    /// <summary>delivered, partially_delivered, bounced, dropped, quarantined, aborted, unknown or incomplete; null in a record made by hand.</summary>
    public string? Disposition { get; init; }

    /// <summary>Every recipient with what became of it: RID order, then those rejected before a RID.</summary>
    public IReadOnlyList<RecipientRecord> Recipients { get; init; } = [];

    /// <summary>The quarantines the message entered, in order (<c>spam</c> for the spam quarantine).</summary>
    public IReadOnlyList<string> Quarantines { get; init; } = [];
}

/// <summary>One recipient of a <see cref="SessionRecord"/> (contract version 2, <c>cisco.esa.recipients</c>).</summary>
/// <param name="Rid">Null for a recipient rejected before it got a RID.</param>
/// <param name="Address">Null when the log named the RID only in a delivery line.</param>
/// <param name="Status">delivered, bounced, delayed, dropped, quarantined, rejected or pending.</param>
/// <param name="TimeSeconds">Time of the line that gave the status, null when none did.</param>
public sealed record RecipientRecord(
    long? Rid, string? Address, string Status, long? Dcid = null, string? Response = null, string? StatusCode = null,
    string? DestinationIp = null, string? Tls = null, long? TimeSeconds = null);

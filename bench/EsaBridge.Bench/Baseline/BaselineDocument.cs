namespace EsaBridge.Bench.Baseline;

/// <summary>The small flat document the baseline writes per finished message (one JSON line each).</summary>
internal sealed record BaselineDocument(
    string Timestamp,
    long Mid,
    long? Icid,
    string Action,
    string? Reason,
    string AbortClass,
    bool NearTimeout,
    long? IdleSeconds,
    long DurationSeconds,
    string? From,
    IReadOnlyList<string> To,
    string? Subject,
    string? SourceIp,
    string? DestinationIp,
    string? Policy,
    string? SenderGroup,
    string? Sbrs,
    bool Lost);

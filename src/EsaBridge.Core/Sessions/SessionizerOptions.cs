namespace EsaBridge.Core.Sessions;

public sealed record SessionizerOptions
{
    /// <summary>The listener's "timeout for unsuccessful inbound connections", in seconds.</summary>
    public long ListenerTimeoutSeconds { get; init; } = 300;

    /// <summary>How far from the listener timeout an idle time still counts as near it.</summary>
    public long TimeoutToleranceSeconds { get; init; } = 5;

    /// <summary>Log time after which a message with no <c>Message finished</c> becomes an incomplete document.</summary>
    public TimeSpan MaxOpenAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Open messages kept at most: past it, the least recently seen ones leave as incomplete documents (a flood of
    /// messages that never finish cannot take all memory).
    /// </summary>
    public int MaxOpenMessages { get; init; } = 500_000;

    /// <summary>Open connections kept at most: past it, the least recently seen ones are forgotten (their messages keep what they knew).</summary>
    public int MaxOpenConnections { get; init; } = 500_000;

    /// <summary>Whether each inbound connection gets a document of its own (<c>--no-connections</c> turns them off).</summary>
    public bool Connections { get; init; } = true;

    /// <summary>Zone of file-form lines until a <c>Time offset from UTC</c> header says otherwise.</summary>
    public ZoneConverter Zone { get; init; } = ZoneConverter.Utc;
}

namespace EsaBridge.Core.Sessions;

public sealed record SessionizerOptions
{
    /// <summary>The listener's "timeout for unsuccessful inbound connections", in seconds.</summary>
    public long ListenerTimeoutSeconds { get; init; } = 300;

    /// <summary>How far from the listener timeout an idle time still counts as near it.</summary>
    public long TimeoutToleranceSeconds { get; init; } = 5;

    /// <summary>Log time after which a message with no <c>Message finished</c> becomes an incomplete document.</summary>
    public TimeSpan MaxOpenAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Zone of file-form lines until a <c>Time offset from UTC</c> header says otherwise.</summary>
    public ZoneConverter Zone { get; init; } = ZoneConverter.Utc;
}

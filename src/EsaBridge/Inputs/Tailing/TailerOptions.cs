namespace EsaBridge.Inputs.Tailing;

internal sealed record TailerOptions
{
    /// <summary>How long the caller sleeps when <see cref="FileTailer.Poll"/> found nothing; also the rescan period.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longer lines are skipped to their end and reported once through <see cref="ITailSink.Oversized"/>.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    public int ReadBufferBytes { get; init; } = 1 << 20;

    /// <summary>How many complete first lines identify a file (ESA's first line is unique only to the second).</summary>
    public int FingerprintLines { get; init; } = 3;

    /// <summary>Upper bound of the fingerprinted head, for files whose first lines are very long.</summary>
    public int FingerprintMaxBytes { get; init; } = 8 * 1024;

    /// <summary>How long a rotated or deleted file must be idle before its unterminated last line is delivered and
    /// its handle closed, and how old a <c>.gz</c> file's last write must be before it is read (so a half-written
    /// archive is left alone).</summary>
    public TimeSpan IdleGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the position of a file that no longer exists is kept (bounded state).</summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromHours(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

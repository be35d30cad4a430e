namespace EsaBridge.Bench;

/// <summary>The abort classes of finished session documents (session-document contract, version 1).</summary>
internal enum AbortClass
{
    None,
    ConnectionLost,
    Timeout,
    SenderQuit,
    Other,
}

/// <summary>The keywords the contract uses for <see cref="AbortClass"/>.</summary>
internal static class AbortClassKeywords
{
    public static string ToKeyword(this AbortClass value) => value switch
    {
        AbortClass.None => "none",
        AbortClass.ConnectionLost => "connection_lost",
        AbortClass.Timeout => "timeout",
        AbortClass.SenderQuit => "sender_quit",
        AbortClass.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };
}

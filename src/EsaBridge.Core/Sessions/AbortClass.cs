namespace EsaBridge.Core.Sessions;

/// <summary><c>cisco.esa.abort.class</c>: why a message ended the way it did (see the contract).</summary>
public enum AbortClass : byte
{
    None,
    ConnectionLost,
    Timeout,
    SenderQuit,
    Other,
    Unknown,
}

public static class AbortClassNames
{
    public static IReadOnlyList<AbortClass> All { get; } =
        [AbortClass.None, AbortClass.ConnectionLost, AbortClass.Timeout, AbortClass.SenderQuit, AbortClass.Other, AbortClass.Unknown];

    public static string Of(AbortClass abortClass) => abortClass switch
    {
        AbortClass.None => "none",
        AbortClass.ConnectionLost => "connection_lost",
        AbortClass.Timeout => "timeout",
        AbortClass.SenderQuit => "sender_quit",
        AbortClass.Other => "other",
        _ => "unknown",
    };

    /// <summary>The tech note's next step for the class, or null when there is nothing to do.</summary>
    public static string? Hint(AbortClass abortClass) => abortClass switch
    {
        AbortClass.ConnectionLost =>
            "Network drop (premature FIN or reset): check firewalls and SMTP-inspection devices between the sender and the appliance, and take a packet capture on the appliance.",
        AbortClass.Timeout =>
            "Listener timeout for unsuccessful inbound connections ran out with no data: turn on injection debug logs for the partner's MX hosts and look for an idle timer in the path.",
        AbortClass.SenderQuit =>
            "The sender sent QUIT before DATA: look at the sending side (its logs, its recipient checks, its own limits).",
        AbortClass.Other =>
            "Aborted for another reason: read event.reason and the message's lines in the mail log.",
        _ => null,
    };
}

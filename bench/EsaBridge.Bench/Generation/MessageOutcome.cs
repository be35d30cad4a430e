namespace EsaBridge.Bench.Generation;

/// <summary>How an inbound message ends; each maps to one abort class of the contract.</summary>
internal enum MessageOutcome
{
    /// <summary>Received, scanned and delivered (or hard-bounced): <c>Message finished MID m done</c>.</summary>
    Delivered,

    /// <summary><c>Message aborted MID m Dropped by CASE</c>, then finished <c>done</c>.</summary>
    ContentDrop,

    /// <summary><c>ICID i lost</c>, <c>Receiving aborted</c>, finished <c>aborted</c>, close, all in one second.</summary>
    ConnectionLost,

    /// <summary><c>Receiving aborted</c> exactly one listener timeout after the message's last line, no <c>lost</c>.</summary>
    Timeout,

    /// <summary><c>Receiving aborted by sender</c>: QUIT before DATA.</summary>
    SenderQuit,

    /// <summary><c>Injection aborted</c>.</summary>
    InjectionAborted,
}

internal static class MessageOutcomeExtensions
{
    /// <summary>True when the outcome ends the connection, so no later message can follow on it.</summary>
    public static bool EndsConnection(this MessageOutcome outcome) =>
        outcome is not (MessageOutcome.Delivered or MessageOutcome.ContentDrop);

    public static AbortClass ToAbortClass(this MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Delivered or MessageOutcome.ContentDrop => AbortClass.None,
        MessageOutcome.ConnectionLost => AbortClass.ConnectionLost,
        MessageOutcome.Timeout => AbortClass.Timeout,
        MessageOutcome.SenderQuit => AbortClass.SenderQuit,
        _ => AbortClass.Other,
    };
}

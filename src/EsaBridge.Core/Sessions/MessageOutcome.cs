namespace EsaBridge.Core.Sessions;

/// <summary>How the message's life in the log ended: <c>event.action</c> and <c>event.outcome</c>.</summary>
public enum MessageOutcome : byte
{
    Done,
    Aborted,
    Incomplete,
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

public sealed record OutcomeCount(MessageOutcome Outcome, long Count)
{
    /// <summary>The outcome as <c>event.action</c> spells it, without the <c>message-</c> prefix.</summary>
    public string Name => Outcome switch
    {
        MessageOutcome.Done => "done",
        MessageOutcome.Aborted => "aborted",
        _ => "incomplete",
    };
}

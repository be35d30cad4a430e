namespace EsaBridge.Bench.Baseline;

/// <summary>The contract's abort class and near-timeout flag, computed from what a finished message logged.</summary>
internal sealed class AbortClassifier(int listenerTimeoutSeconds = 300, int toleranceSeconds = 5)
{
    private const string ReceivingAborted = "Receiving aborted";
    private const string ReceivingAbortedBySender = "Receiving aborted by sender";

    public bool IsNearTimeout(BaselineMessage message) =>
        message.AbortReason == ReceivingAborted && message.IdleSeconds is long idle &&
        Math.Abs(idle - listenerTimeoutSeconds) <= toleranceSeconds;

    public AbortClass Classify(BaselineMessage message, bool finishedDone)
    {
        if (finishedDone)
        {
            return AbortClass.None;
        }

        return message.AbortReason switch
        {
            ReceivingAbortedBySender => AbortClass.SenderQuit,
            ReceivingAborted when message.LostAtAbort => AbortClass.ConnectionLost,
            ReceivingAborted when IsNearTimeout(message) => AbortClass.Timeout,
            _ => AbortClass.Other,
        };
    }
}

using System.Globalization;

namespace EsaBridge.Bench.Generation;

/// <summary>Relative weights of the outcomes of inbound messages (they need not add up to 100).</summary>
internal sealed record OutcomeMix(
    double Delivered,
    double ContentDrop,
    double ConnectionLost,
    double Timeout,
    double SenderQuit,
    double InjectionAborted)
{
    public static OutcomeMix Default { get; } = new(85, 4, 4, 3, 3, 1);

    private double Sum => Delivered + ContentDrop + ConnectionLost + Timeout + SenderQuit + InjectionAborted;

    /// <summary>Parses six comma-separated weights in the order of the constructor, e.g. <c>85,4,4,3,3,1</c>.</summary>
    public static bool TryParse(string text, out OutcomeMix mix)
    {
        mix = Default;
        string[] parts = text.Split(',');
        var weights = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]) ||
                weights[i] < 0 || double.IsInfinity(weights[i]))
            {
                return false;
            }
        }

        if (weights.Length != 6 || weights.Sum() <= 0)
        {
            return false;
        }

        mix = new OutcomeMix(weights[0], weights[1], weights[2], weights[3], weights[4], weights[5]);
        return true;
    }

    public MessageOutcome Pick(Random random)
    {
        double roll = random.NextDouble() * Sum;
        if ((roll -= Delivered) < 0)
        {
            return MessageOutcome.Delivered;
        }

        if ((roll -= ContentDrop) < 0)
        {
            return MessageOutcome.ContentDrop;
        }

        if ((roll -= ConnectionLost) < 0)
        {
            return MessageOutcome.ConnectionLost;
        }

        if ((roll -= Timeout) < 0)
        {
            return MessageOutcome.Timeout;
        }

        return (roll -= SenderQuit) < 0 ? MessageOutcome.SenderQuit : MessageOutcome.InjectionAborted;
    }
}

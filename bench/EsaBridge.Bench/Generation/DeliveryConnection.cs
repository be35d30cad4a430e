namespace EsaBridge.Bench.Generation;

/// <summary>One outbound SMTP connection (DCID) of the <see cref="DeliveryPool"/> and its use so far.</summary>
internal sealed class DeliveryConnection(long dcid, int destination)
{
    public long Dcid { get; } = dcid;

    /// <summary>The pool's key of the host it is connected to.</summary>
    public int Destination { get; } = destination;

    /// <summary>True from <c>Delivery start</c> to the delivery's result: SMTP carries one message at a time.</summary>
    public bool Busy { get; set; }

    /// <summary>Messages started on it, the current one included.</summary>
    public int Carried { get; set; }

    public long LastUseMs { get; set; }

    public bool Closed { get; set; }
}

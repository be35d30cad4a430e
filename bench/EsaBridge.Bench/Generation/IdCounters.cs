namespace EsaBridge.Bench.Generation;

/// <summary>The appliance's ICID, MID and DCID counters and the totals its status line reports.</summary>
internal sealed class IdCounters
{
    public IdCounters(GeneratorOptions options)
    {
        CurrentIcid = options.FirstIcid - 1;
        CurrentMid = options.FirstMid - 1;
        CurrentDcid = options.FirstDcid - 1;
    }

    public long CurrentIcid { get; private set; }

    public long CurrentMid { get; private set; }

    public long CurrentDcid { get; private set; }

    public long CurrentRcid { get; private set; }

    public long Connections { get; private set; }

    public long InjectedMessages { get; set; }

    public long InjectedRecipients { get; set; }

    public long GeneratedBounces { get; set; }

    public long GeneratedCopies { get; set; }

    public long DroppedMessages { get; set; }

    public long NextIcid()
    {
        Connections++;
        return ++CurrentIcid;
    }

    public long NextMid() => ++CurrentMid;

    public long NextDcid() => ++CurrentDcid;

    /// <summary>The next RPC connection to the spam quarantine.</summary>
    public long NextRcid() => ++CurrentRcid;
}

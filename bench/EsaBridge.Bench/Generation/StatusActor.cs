namespace EsaBridge.Bench.Generation;

/// <summary>The appliance's status line, once a minute, with the live counters filled in.</summary>
internal sealed class StatusActor : SimActor
{
    public const int IntervalMs = 60_000;

    public override long Step(Simulation simulation, long nowMs)
    {
        if (simulation.Stopping)
        {
            return Done;
        }

        Utf8LogWriter writer = simulation.Writer;
        IdCounters ids = simulation.Ids;
        writer.BeginLine(nowMs);
        writer.Append("Status: CPULd 3 DskIO 0 RAMUtil 1 QKUsd 141 QKFre 34602867 CrtMID "u8);
        writer.Append(ids.CurrentMid);
        writer.Append(" CrtICID "u8);
        writer.Append(ids.CurrentIcid);
        writer.Append(" CrtDCID "u8);
        writer.Append(ids.CurrentDcid);
        writer.Append(" InjMsg "u8);
        writer.Append(ids.InjectedMessages);
        writer.Append(" InjRcp "u8);
        writer.Append(ids.InjectedRecipients);
        writer.Append(" GenBncRcp "u8);
        writer.Append(ids.GeneratedBounces);
        writer.Append(" RejRcp 108438 DrpMsg "u8);
        writer.Append(ids.DroppedMessages);
        writer.Append(" SftBncEvnt 2273 CmpRcp 265790 HrdBncRcp 12199 DnsHrdBnc 3596 5XXHrdBnc 8531 FltrHrdBnc 5 ExpHrdBnc 67 OtrHrdBnc 0 DlvRcp 253369 DelRcp 222 GlbUnsbHt 0 ActvRcp 5 UnatmptRcp 4 AtmptRcp 1 CrtCncIn 0 CrtCncOut 0 DnsReq 3133538 NetReq 3209768 CchHit 20318803 CchMis 8519477 CchEct 60069 CchExp 302309 CPUTTm 260 CPUETm 169984 MaxIO 350 RAMUsd 32542088 MMLen 7 DstInMem 38 ResCon 0 WorkQ 0 QuarMsgs 2 QuarQKUsd 121 LogUsd 8 AVLd 0 BMLd 1 CASELd 0 TotalLd 4 LogAvail 66G EuQ 0 EuqRls 0"u8);
        writer.EndLine();
        return nowMs + IntervalMs;
    }
}

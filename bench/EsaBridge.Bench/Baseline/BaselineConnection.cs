namespace EsaBridge.Bench.Baseline;

/// <summary>What the baseline keeps per ICID between <c>New SMTP ICID</c> and <c>ICID i close</c>.</summary>
internal sealed class BaselineConnection
{
    public string? SourceIp { get; set; }

    public string? DestinationIp { get; set; }

    /// <summary>ACCEPT, RELAY, REJECT, ... from the host access table line.</summary>
    public string? Policy { get; set; }

    public string? SenderGroup { get; set; }

    /// <summary>The SBRS text as logged: a score, <c>None</c>, <c>not enabled</c>, <c>rfc1918</c>, ...</summary>
    public string? Sbrs { get; set; }

    public bool Lost { get; set; }
}

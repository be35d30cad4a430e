namespace EsaBridge.Bench.Generation;

/// <summary>What <see cref="LogGenerator"/> produces. The same options and seed always give the same bytes.</summary>
internal sealed record GeneratorOptions
{
    /// <summary>New connections stop once this many bytes are written; open messages are then run to their end.</summary>
    public required long TargetBytes { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Appliance-local time of the first line (the header says the offset from UTC is 0).</summary>
    public DateTime Start { get; init; } = new(2023, 6, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Mean rate of new inbound connections (Poisson arrivals).</summary>
    public double ConnectionsPerSecond { get; init; } = 40;

    public OutcomeMix Mix { get; init; } = OutcomeMix.Default;

    /// <summary>Share of connection_lost messages whose idle time is exactly the listener timeout (a firewall idle timer).</summary>
    public double FirewallIdleShare { get; init; } = 0.25;

    /// <summary>Share of delivered single-recipient messages that hard-bounce and make an ICID 0 bounce message.</summary>
    public double BounceRate { get; init; } = 0.02;

    /// <summary>Share of scanned inbound messages a bcc filter copies into an ICID 0 message.</summary>
    public double BccRate { get; init; } = 0.005;

    public int ListenerTimeoutSeconds { get; init; } = 300;

    public long FirstIcid { get; init; } = 2_418_930;

    public long FirstMid { get; init; } = 1_106_400;

    public long FirstDcid { get; init; } = 731_200;
}

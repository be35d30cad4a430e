namespace EsaBridge.Core.Sessions;

/// <summary>What the log has told about one appliance: its file header and its zone.</summary>
internal sealed class ApplianceState
{
    public ApplianceState(int id, string name)
    {
        Id = id;
        Name = name;
        NameUtf8 = System.Text.Encoding.UTF8.GetBytes(name);
    }

    public int Id { get; }

    /// <summary>observer.hostname; empty when neither a syslog header nor the user named it.</summary>
    public string Name { get; }

    /// <summary>The name's UTF-8 bytes, hashed into every document's event.id.</summary>
    public byte[] NameUtf8 { get; }

    public string? Version { get; set; }

    public string? SerialNumber { get; set; }

    /// <summary>From the <c>Time offset from UTC</c> header; overrides the configured zone when set.</summary>
    public long? UtcOffsetSeconds { get; set; }

    /// <summary>Time of the appliance's last timed line, for lines without a header.</summary>
    public long LastSeconds { get; set; } = long.MinValue;

    /// <summary>Its open delivery connections: DCIDs are numbered per appliance, like MIDs and ICIDs.</summary>
    public DeliveryConnectionTable Deliveries { get; } = new();
}

namespace EsaBridge.Core.Sessions;

/// <summary>
/// What a finished message and a finished connection both give their document: the source of the fields both
/// document kinds share, read once per document by <c>DocumentWritePlan</c>.
/// </summary>
internal interface IDocumentSource
{
    /// <summary>The connection the shared <c>cisco.esa.connection.*</c>, <c>source.*</c> and <c>destination.*</c> fields come from; null when a message's connection is unknown (they are absent).</summary>
    ConnectionState? SharedConnection { get; }

    ObserverStamp Observer { get; }
}

/// <summary>The appliance a document comes from, with its version and serial number when the message or connection finished (a later header line may change them before the document is written).</summary>
internal readonly struct ObserverStamp(ApplianceState appliance)
{
    public ApplianceState Appliance { get; } = appliance;

    public string? Version { get; } = appliance.Version;

    public string? SerialNumber { get; } = appliance.SerialNumber;
}

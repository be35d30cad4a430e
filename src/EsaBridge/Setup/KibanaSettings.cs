namespace EsaBridge.Setup;

internal sealed record KibanaSettings
{
    public required Uri Url { get; init; }

    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Kibana space to import into; null for the default space.</summary>
    public string? Space { get; init; }

    public string? CaCertificatePath { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

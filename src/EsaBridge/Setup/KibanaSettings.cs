namespace EsaBridge.Setup;

/// <param name="Space">Kibana space to import into; null for the default space.</param>
internal sealed record KibanaSettings(Uri Url, string? ApiKey, string? Username, string? Password, string? Space, string? CaCertificatePath)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

namespace EsaBridge.Setup.Splunk;

/// <summary>How to reach Splunk's management port (8089) and which app to install into.</summary>
/// <param name="Token">An authentication token (<c>Authorization: Bearer</c>), or a session key given as <c>Splunk KEY</c>.</param>
/// <param name="Insecure">Accept any certificate (labs only; the command warns on every run).</param>
/// <param name="App">The app (namespace) that receives the objects; created when missing.</param>
/// <param name="Index">When set, the <c>esa_index</c> macro is set to <c>index=Index</c>; otherwise an existing macro is kept.</param>
internal sealed record SplunkSettings(
    Uri Url, string? Username, string? Password, string? Token, string? CaCertificatePath, bool Insecure, string App, string? Index)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

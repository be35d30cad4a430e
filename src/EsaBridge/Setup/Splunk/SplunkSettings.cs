namespace EsaBridge.Setup.Splunk;

/// <summary>How to reach Splunk's management port (8089) and which app to install into.</summary>
internal sealed record SplunkSettings
{
    public required Uri Url { get; init; }

    /// <summary>An authentication token (<c>Authorization: Bearer</c>), or a session key given as <c>Splunk KEY</c>.</summary>
    public string? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? CaCertificatePath { get; init; }

    /// <summary>Accept any certificate (labs only; the command warns on every run).</summary>
    public bool Insecure { get; init; }

    /// <summary>The app (namespace) that receives the objects; created when missing.</summary>
    public string App { get; init; } = "esabridge";

    /// <summary>When set, the <c>esa_index</c> macro is set to <c>index=Index</c>; otherwise an existing macro is kept.</summary>
    public string? Index { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

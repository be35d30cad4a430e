namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>How the Kibana double is configured; every property may be changed while it runs.</summary>
public sealed class KibanaDoubleOptions
{
    /// <summary>When set, requests must carry <c>Authorization: ApiKey &lt;ApiKey&gt;</c> (or the Basic pair, when set too).</summary>
    public string? ApiKey { get; set; }

    /// <summary>When set, requests must carry these Basic credentials (or the API key, when set too).</summary>
    public (string User, string Password)? Basic { get; set; }

    /// <summary>The Kibana version: reported by <c>/api/status</c>; objects from a newer Kibana are refused.</summary>
    public string Version { get; set; } = "8.11.0";

    /// <summary>The spaces that exist (<c>/s/{space}/...</c> for any other is 404).</summary>
    public IReadOnlyCollection<string> Spaces { get; set; } = ["default"];
}

using System.Security.Cryptography.X509Certificates;

namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>How the splunkd management double is configured; credentials may be changed while it runs.</summary>
public sealed class SplunkManagementOptions
{
    /// <summary>A user and password accepted as <c>Authorization: Basic</c>.</summary>
    public (string User, string Password)? Basic { get; set; } = ("admin", "changeme");

    /// <summary>Authentication tokens accepted as <c>Authorization: Bearer</c> (and session keys as <c>Authorization: Splunk</c>).</summary>
    public IReadOnlyCollection<string> Tokens { get; set; } = [];

    /// <summary>The version reported in every feed's <c>generator</c>.</summary>
    public string Version { get; set; } = "9.0.0";

    /// <summary>Apps installed at start (a fresh Splunk Enterprise has these among others).</summary>
    public IReadOnlyCollection<string> Apps { get; set; } = ["search", "launcher", "Splunk_SA_CIM"];

    /// <summary>When set, the double speaks HTTPS with this certificate (with its private key), as splunkd on 8089 does.</summary>
    public X509Certificate2? Certificate { get; set; }

    public X509Certificate2Collection? CertificateChain { get; set; }
}

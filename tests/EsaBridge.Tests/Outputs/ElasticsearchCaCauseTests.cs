using System.Security.Cryptography.X509Certificates;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// With --es-ca-cert the certificate check is EsaBridge's own; a refusal still names its cause (wrong host name,
/// expired, another CA) instead of .NET's "rejected by the provided RemoteCertificateValidationCallback".
/// </summary>
public sealed class ElasticsearchCaCauseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-tls-cause-").FullName;
    private readonly TestAuthority _authority = new("EsaBridge cause CA");

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ACertificateForAnotherHostIsRefusedAsSuch()
    {
        var leaf = _authority.IssueServerCertificate("es.other.example", forLoopback: false, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29));

        var (run, es) = await ShipTo(leaf);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS: the certificate is not for this host name (the server's certificate (CN=es.other.example) does not name the host", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("RemoteCertificateValidationCallback", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, es);
    }

    [Fact]
    public async Task AnExpiredCertificateIsRefusedAsSuch()
    {
        var leaf = _authority.IssueServerCertificate("localhost", forLoopback: true, DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1));

        var (run, es) = await ShipTo(leaf);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS: the certificate has expired or is not valid yet (", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is refused by --es-ca-cert (CN=EsaBridge cause CA): NotTimeValid", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, es);
    }

    [Fact]
    public async Task ACertificateOfAnotherCaIsRefusedNamingTheConfiguredOne()
    {
        using var other = new TestAuthority("Another CA");
        var leaf = other.IssueServerCertificate();

        var (run, es) = await ShipTo(leaf);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS: the certificate's CA is not trusted here", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("issued by CN=Another CA) is refused by --es-ca-cert (CN=EsaBridge cause CA)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, es);
    }

    /// <returns>What ship printed, and how many documents the cluster holds afterwards.</returns>
    private async Task<(CliRun Run, long Documents)> ShipTo(X509Certificate2 leaf)
    {
        string caFile = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(caFile, _authority.Certificate.ExportCertificatePem());
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Certificate = leaf });
        var run = CliRun.Of(["ship", Sample, "--es-url", es.Url.ToString(), "--es-ca-cert", caFile, "--dead-letter", Path.Combine(_dir, "dead.ndjson"), "--retry-for", "5s"]);
        return (run, es.DocumentCount("logs-cisco_esa.session-default"));
    }
}

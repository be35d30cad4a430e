using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>HEC over HTTPS: certificate checks stay on unless the user trusts the CA, or turns them off in a lab (with a warning).</summary>
public sealed class HecTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-hec-tls-").FullName;
    private X509Certificate2 _authority = null!;
    private HecDouble _hec = null!;
    private HecShip _ship = null!;

    private string AuthorityFile => Path.Combine(_dir, "splunk_ca.pem");

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=EsaBridge test Splunk CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(AuthorityFile, _authority.ExportCertificatePem());

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(_authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [5, 6, 7, 8]);
        var withKey = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pfx), null);
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecShip.Token, Certificate = withKey });
        _ship = new HecShip(_hec, _dir);
    }

    public async Task DisposeAsync()
    {
        await _hec.DisposeAsync();
        _authority.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AnUntrustedCertificateStopsAtTheHealthCheck()
    {
        var run = _ship.Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--hec-ca-cert", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _hec.EventCount);
    }

    [Fact]
    public void TrustingTheCaFileLetsItThrough()
    {
        var run = _ship.Run("--hec-ca-cert", AuthorityFile);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(35, _hec.EventCount);
        Assert.DoesNotContain("WARNING", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InsecureWorksInALabAndSaysSoEveryTime()
    {
        var first = _ship.Run("--hec-insecure");
        var second = _ship.Run("--hec-insecure");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(70, _hec.EventCount);
        Assert.All(new[] { first, second }, run =>
            Assert.Contains("WARNING: --hec-insecure: HEC's TLS certificate is NOT checked", run.Stderr, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary>Certificate checks stay on: a cluster signed by an unknown CA is refused unless the user trusts that CA.</summary>
public sealed class ElasticsearchTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-tls-").FullName;
    private X509Certificate2 _authority = null!;
    private string _serverFingerprint = null!;
    private ElasticsearchDouble _es = null!;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    private string AuthorityFile => Path.Combine(_dir, "http_ca.crt");

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=EsaBridge test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(AuthorityFile, _authority.ExportCertificatePem());

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(_authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        var withKey = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pfx), null);
        _serverFingerprint = string.Join(':', Convert.ToHexString(SHA256.HashData(leaf.RawData)).Chunk(2).Select(c => new string(c)));
        _es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Certificate = withKey, CertificateChain = [X509CertificateLoader.LoadCertificate(_authority.RawData)] });
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        _authority.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AnUntrustedCertificateStopsTheShipAtOnce()
    {
        var run = Ship();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS: the certificate's CA is not trusted here (", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("see inner exception", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--es-ca-cert", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _es.DocumentCount("logs-cisco_esa.session-default"));
    }

    [Fact]
    public void TrustingTheCaFileLetsItThrough()
    {
        var run = Ship("--es-ca-cert", AuthorityFile);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, _es.DocumentCount("logs-cisco_esa.session-default"));
    }

    // Kestrel, unlike Elasticsearch, does not send the root CA in the handshake, so the pin here is the server's own
    // certificate (written with colons, as openssl prints it); a CA pin works the same once the CA is presented.
    [Fact]
    public void PinningTheFingerprintLetsItThrough()
    {
        var run = Ship("--es-fingerprint", _serverFingerprint);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, _es.DocumentCount("logs-cisco_esa.session-default"));
    }

    [Fact]
    public void AWrongFingerprintIsRefused()
    {
        var run = Ship("--es-fingerprint", new string('A', 64));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLS", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _es.DocumentCount("logs-cisco_esa.session-default"));
    }

    private CliRun Ship(params string[] extra) =>
        CliRun.Of(["ship", "--no-connections", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson"), "--retry-for", "5s", .. extra]);
}

using System.Security.Cryptography.X509Certificates;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// <c>--es-fingerprint</c> is a pin: with two CAs, a cluster whose certificate CA B signed is accepted with B's
/// fingerprint and refused with A's, even when the system store trusts B.
/// </summary>
public sealed class ElasticsearchPinTests : IAsyncLifetime
{
    private const string DataStream = "logs-cisco_esa.session-default";

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-pin-").FullName;
    private readonly TestAuthority _pinned = new("EsaBridge test CA A");
    private readonly TestAuthority _signer = new("EsaBridge test CA B");
    private ElasticsearchDouble _es = null!;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions
        {
            Certificate = _signer.IssueServerCertificate(),
            CertificateChain = [X509CertificateLoader.LoadCertificate(_signer.Certificate.RawData)],
        });
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        _pinned.Dispose();
        _signer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AChainTheSystemTrustsIsRefusedWhenItLacksThePinnedCa()
    {
        var systemTrustsB = SystemTrusting(_signer);
        var unpinned = CliProcess.Run(systemTrustsB, ShipArguments());
        Assert.True(unpinned.ExitCode == 0, "the child's system store must trust CA B for this test to mean anything: " + unpinned.Stderr);
        int requests = _es.Requests.Count;

        var run = CliProcess.Run(systemTrustsB, [.. ShipArguments(), "--es-fingerprint", _pinned.Fingerprint]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not contain the certificate pinned with --es-fingerprint", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(_pinned.Fingerprint, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("CN=EsaBridge test CA B", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(requests, _es.Requests.Count);
    }

    [Fact]
    public void ThePinnedCaIsAcceptedWhenTheSystemTrustsIt()
    {
        var run = CliProcess.Run(SystemTrusting(_signer), [.. ShipArguments(), "--es-fingerprint", _signer.Fingerprint]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, _es.DocumentCount(DataStream));
    }

    [Fact]
    public void AnotherCasPinIsRefusedWithTheReason()
    {
        var run = CliRun.Of([.. ShipArguments(), "--es-fingerprint", _pinned.Fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant()]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"does not contain the certificate pinned with --es-fingerprint ({_pinned.Fingerprint})", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _es.DocumentCount(DataStream));
    }

    private string[] ShipArguments() =>
        ["ship", "--no-connections", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson"), "--retry-for", "5s"];

    /// <summary>An environment in which OpenSSL, and so .NET, trusts only <paramref name="authority"/>.</summary>
    private Dictionary<string, string> SystemTrusting(TestAuthority authority)
    {
        string bundle = Path.Combine(_dir, "system-ca.pem");
        File.WriteAllText(bundle, authority.Certificate.ExportCertificatePem());
        string noDirectory = Directory.CreateDirectory(Path.Combine(_dir, "no-certs")).FullName;
        return new Dictionary<string, string> { ["SSL_CERT_FILE"] = bundle, ["SSL_CERT_DIR"] = noDirectory };
    }
}

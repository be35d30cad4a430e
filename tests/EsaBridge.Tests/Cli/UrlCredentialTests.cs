using EsaBridge.Tests.Service;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;
using EsaBridge.Tests.TestDoubles.Kibana;
using EsaBridge.Tests.TestDoubles.SplunkManagement;

namespace EsaBridge.Tests.Cli;

/// <summary>
/// A password in a URL (<c>http://svc:SECRET@host:8088</c>) is never printed, by any output or setup command, in its
/// start lines or its errors: the user part stays, the password becomes <c>***</c>.
/// </summary>
public sealed class UrlCredentialTests : IDisposable
{
    private const string Secret = "URL-SECRET-0451";

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-urlcred-").FullName;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    private string DeadLetters => Path.Combine(_dir, "dead.ndjson");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ShipToHecPrintsItsAddressWithoutThePassword()
    {
        await using var hec = await HecDouble.StartAsync();

        var run = CliRun.Of(["ship", Sample, "--hec-url", WithCredentials(hec.Url), "--dead-letter", DeadLetters],
            environment: new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = hec.Options.Token });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"http://svc:***@127.0.0.1:{hec.Url.Port}/", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public void ShipToAnUnreachableHecSaysSoWithoutThePassword()
    {
        int port = LoopbackPort.Free();

        var run = CliRun.Of(["ship", Sample, "--hec-url", $"http://svc:{Secret}@127.0.0.1:{port}", "--dead-letter", DeadLetters],
            environment: new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = "t" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Splunk HEC at http://svc:***@127.0.0.1:{port}/ cannot be reached", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task ShipToElasticsearchNeverPrintsThePassword()
    {
        await using var es = await ElasticsearchDouble.StartAsync();

        var run = CliRun.Of(["ship", Sample, "--es-url", WithCredentials(es.Url), "--dead-letter", DeadLetters]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        AssertNoSecret(run);
    }

    [Fact]
    public void ShipToAnUnreachableElasticsearchNeverPrintsThePassword()
    {
        var run = CliRun.Of(["ship", Sample, "--es-url", $"http://svc:{Secret}@127.0.0.1:{LoopbackPort.Free()}", "--dead-letter", DeadLetters, "--retry-for", "1s"]);

        Assert.Equal(1, run.ExitCode);
        AssertNoSecret(run);
    }

    [Fact]
    public void SetupElasticsearchUnreachableNeverPrintsThePassword()
    {
        var run = CliRun.Of(["setup", "elasticsearch", "--es-url", $"http://svc:{Secret}@127.0.0.1:{LoopbackPort.Free()}"]);

        Assert.Equal(1, run.ExitCode);
        AssertNoSecret(run);
    }

    [Fact]
    public void SetupKibanaUnreachableNeverPrintsThePassword()
    {
        var run = CliRun.Of(["setup", "kibana", "--kibana-url", $"http://svc:{Secret}@127.0.0.1:{LoopbackPort.Free()}", "--kibana-api-key", "k"]);

        Assert.Equal(1, run.ExitCode);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task SetupKibanaRefusedNeverPrintsThePassword()
    {
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "right" });

        var run = CliRun.Of(["setup", "kibana", "--kibana-url", WithCredentials(kibana.Url), "--kibana-api-key", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        AssertNoSecret(run);
    }

    [Fact]
    public void SetupSplunkUnreachableSaysSoWithoutThePassword()
    {
        int port = LoopbackPort.Free();

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", $"http://svc:{Secret}@127.0.0.1:{port}", "--splunk-token", "t"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach Splunk at http://svc:***@127.0.0.1:{port}/", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task SetupSplunkRefusedNeverPrintsThePassword()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Tokens = ["right"] });

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", WithCredentials(splunk.Url), "--splunk-token", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        AssertNoSecret(run);
    }

    [Theory]
    [InlineData("ship --es-url")]
    [InlineData("ship --hec-token t --hec-url")]
    [InlineData("setup elasticsearch --es-url")]
    [InlineData("setup kibana --kibana-url")]
    [InlineData("setup splunk --splunk-token t --splunk-url")]
    public void AUrlThatIsNotHttpIsQuotedWithoutThePassword(string commandAndOption)
    {
        var run = CliRun.Of([.. commandAndOption.Split(' '), $"ftp://svc:{Secret}@127.0.0.1:21"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ftp://svc:***@127.0.0.1:21", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    private static string WithCredentials(Uri url) => new UriBuilder(url) { UserName = "svc", Password = Secret }.Uri.ToString();

    private void AssertNoSecret(CliRun run)
    {
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        if (File.Exists(DeadLetters))
        {
            Assert.DoesNotContain(Secret, File.ReadAllText(DeadLetters), StringComparison.Ordinal);
        }
    }
}

namespace EsaBridge.Tests.Cli;

/// <summary>The output flags of <c>ship</c>: bad values are usage errors with one clear line, before anything is read or sent.</summary>
public class ShipFlagTests
{
    private static string Sample => System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    [Fact]
    public void ShipWithoutAnOutputIsAUsageError()
    {
        var run = CliRun.Of(["ship", Sample]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("esabridge: ship needs an output: --es-url URL or --hec-url URL", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("--hec-url ftp://splunk:8088", "--hec-url: 'ftp://splunk:8088' is not an http(s) URL")]
    [InlineData("--hec-url https://splunk:8088 --hec-batch-bytes lots", "--hec-batch-bytes: 'lots' is not a size")]
    [InlineData("--hec-url https://splunk:8088 --hec-ack-timeout soon", "--hec-ack-timeout: 'soon' is not a duration")]
    [InlineData("--hec-url https://splunk:8088 --hec-insecure --hec-ca-cert ca.pem", "--hec-ca-cert and --hec-insecure are alternatives")]
    [InlineData("--hec-url https://splunk:8088 --retry-for never", "--retry-for: 'never' is not a duration")]
    public void BadHecValuesAreUsageErrors(string flags, string message)
    {
        var run = CliRun.Of(["ship", Sample, .. flags.Split(' ')],
            environment: new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = "t" });

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("esabridge: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlankSourcetypeIsAUsageError()
    {
        var run = CliRun.Of(["ship", Sample, "--hec-url", "https://splunk:8088", "--hec-token", "t", "--hec-sourcetype", " "]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--hec-sourcetype: must not be empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HecNeedsATokenFromTheFlagOrTheEnvironment()
    {
        var run = CliRun.Of(["ship", Sample, "--hec-url", "https://splunk:8088"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--hec-url needs a token: --hec-token TOKEN or environment variable ESABRIDGE_HEC_TOKEN", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCaFileIsAnInputError()
    {
        var run = CliRun.Of(["ship", Sample, "--hec-url", "https://splunk:8088", "--hec-token", "t", "--hec-ca-cert", "/nonexistent/ca.pem"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--hec-ca-cert '/nonexistent/ca.pem': no such file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelpListsTheHecFlags()
    {
        var run = CliRun.Of(["ship", "--help"]);

        foreach (string flag in new[] { "--hec-url", "--hec-token", "--hec-index", "--hec-sourcetype", "--hec-source", "--hec-ack", "--hec-ca-cert", "--hec-insecure", "--hec-batch-bytes", "--hec-compression", "--retry-for", "--es-url" })
        {
            Assert.Contains(flag, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("cisco:esa:session", run.Stdout, StringComparison.Ordinal);
    }
}

namespace EsaBridge.Tests.Cli;

public class ReportCommandTests
{
    [Fact]
    public void ReportShowsClassesTheTimeoutSpikeAndNextSteps()
    {
        var run = CliRun.Of(["report", Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log")]);

        Assert.Equal(0, run.ExitCode);
        string text = System.Text.RegularExpressions.Regex.Replace(run.Stdout, @"\s+", " ");
        Assert.Contains("connection_lost", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sender_quit", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("listener timeout", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Next steps", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("take a packet capture on the appliance", text, StringComparison.Ordinal);
        Assert.Contains("injection debug logs", text, StringComparison.Ordinal);
        Assert.Contains("192.168.0.200", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 documents", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOnMissingFileExitsOne()
    {
        var run = CliRun.Of(["report", "/nonexistent/mail.log"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such file", run.Stderr, StringComparison.Ordinal);
    }
}

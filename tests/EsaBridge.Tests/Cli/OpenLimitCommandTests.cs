using System.Text.Json;

namespace EsaBridge.Tests.Cli;

/// <summary>The open-session limits of the batch commands, as a user sees them: documents on stdout and the summary line.</summary>
public sealed class OpenLimitCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-limits-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_past_the_limits_writes_the_oldest_as_incomplete_documents_and_says_so_in_the_summary()
    {
        string file = Path.Combine(_dir, "flood.log");
        File.WriteAllLines(file, Enumerable.Range(1, 30).Select(mid => $"Thu Aug 14 11:04:{mid:00} 2014 Info: Start MID {mid} ICID {mid}"));

        var run = CliRun.Of(["parse", "--no-connections", file, "--max-open-messages", "10", "--max-open-connections", "20"]);

        Assert.Equal(0, run.ExitCode);
        var mids = run.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64());
        Assert.Equal(Enumerable.Range(1, 20).Select(mid => (long)mid), mids);
        Assert.All(run.StdoutLines, l => Assert.Contains("\"action\":\"message-incomplete\"", l, StringComparison.Ordinal));
        Assert.Contains(
            "; 10 messages and 20 connections still open; open-session limits reached: 20 oldest messages sent as incomplete documents, 10 oldest connections forgotten",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_below_one_is_a_usage_error()
    {
        var run = CliRun.Of(["parse", "--no-connections", "--max-open-messages", "0"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--max-open-messages: 0 must be at least 1", run.Stderr, StringComparison.Ordinal);
    }
}

using System.IO.Compression;
using System.Text.Json;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;

namespace EsaBridge.Tests.Cli;

public sealed class ParseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-cli-").FullName;

    private static string Seed => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DocumentsOnStdoutAndOneSummaryLineOnStderr()
    {
        var run = CliRun.Of(["parse", "--no-connections", Seed, "--host", "esa1.example.com"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        var classes = run.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("abort").GetProperty("class").GetString());
        Assert.Equal(["connection_lost", "timeout", "sender_quit"], classes);
        string summary = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("22 lines read, 22 used, 0 not used, 0 malformed", summary, StringComparison.Ordinal);
        Assert.Contains("3 documents (none 0, connection_lost 1, timeout 1, sender_quit 1, other 0, unknown 0); 0 messages and ", summary, StringComparison.Ordinal);
        Assert.All(run.StdoutLines, l => Assert.Contains("\"hostname\":\"esa1.example.com\"", l, StringComparison.Ordinal));
        Assert.All(run.StdoutLines, l => Assert.Contains("\"path\":", l, StringComparison.Ordinal));
    }

    [Fact]
    public void GzipFilesAreReadTransparentlyAndFilesFormOneStream()
    {
        string[] lines = File.ReadAllLines(Seed);
        string first = Path.Combine(_dir, "mail.@20140814T110000.s");
        string second = Path.Combine(_dir, "mail.@20140814T110530.s.gz");
        File.WriteAllLines(first, lines[..5]);
        using (var gz = new GZipStream(File.Create(second), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gz))
        {
            foreach (string line in lines[5..])
            {
                writer.WriteLine(line);
            }
        }

        var run = CliRun.Of(["parse", "--no-connections", first, second]);

        Assert.Equal(0, run.ExitCode);
        var lost = JsonDocument.Parse(run.StdoutLines[0]).RootElement;
        Assert.Equal(1404, lost.GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64());
        Assert.Equal(45, lost.GetProperty("cisco").GetProperty("esa").GetProperty("duration_seconds").GetInt64());
        Assert.Equal("192.168.0.200", lost.GetProperty("source").GetProperty("ip").GetString());
        Assert.Equal(3, run.StdoutLines.Length);
    }

    [Fact]
    public void FlushIncompleteEmitsTheStillOpenMessages()
    {
        string file = Path.Combine(_dir, "open.log");
        File.WriteAllLines(file, ["Thu Aug 14 11:04:51 2014 Info: Start MID 1 ICID 2", "Thu Aug 14 11:04:52 2014 Info: MID 1 ICID 2 From: <a@b.example>"]);

        var without = CliRun.Of(["parse", "--no-connections", file]);
        Assert.Empty(without.StdoutLines);
        Assert.Contains("1 message and 1 connection still open", without.Stderr, StringComparison.Ordinal);

        var with = CliRun.Of(["parse", "--no-connections", file, "--flush-incomplete"]);
        var doc = JsonDocument.Parse(Assert.Single(with.StdoutLines)).RootElement;
        Assert.Equal("message-incomplete", doc.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal("unknown", doc.GetProperty("cisco").GetProperty("esa").GetProperty("abort").GetProperty("class").GetString());
        Assert.Contains("0 messages and 0 connections still open", with.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TimezoneOptionAndOutputFile()
    {
        string output = Path.Combine(_dir, "docs.ndjson");
        var run = CliRun.Of(["parse", "--no-connections", Seed, "--timezone", "+02:00", "--output", output]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var first = JsonDocument.Parse(File.ReadLines(output).First()).RootElement;
        Assert.Equal("2014-08-14T09:05:36Z", first.GetProperty("@timestamp").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void AFullOutputDiskIsOneLineAndExitCodeOne(int generatedMegabytes)
    {
        // 0: the sample's documents fail when flushed at the end; 3: a full output array fails on the writing thread mid-run.
        string log = Seed;
        if (generatedMegabytes > 0)
        {
            log = Path.Combine(_dir, "generated.log");
            using var file = File.Create(log);
            LogGenerator.Generate(file, new GeneratorOptions { TargetBytes = generatedMegabytes << 20, Seed = 3 });
        }

        var run = CliRun.Of(["parse", log, "--output", "/dev/full"]);

        Assert.Equal(1, run.ExitCode);
        string error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("esabridge: cannot write documents: No space left on device", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardInputAndBadLinesAreCountedNotFatal()
    {
        string input = string.Join('\n', File.ReadAllLines(Seed).Take(9)) + "\n\u0001garbage\n" + new string('x', 70_000) + "\nnot a log line\n";

        var run = CliRun.Of(["parse", "--no-connections", "-"], input);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.StdoutLines);
        Assert.Contains("12 lines read, 9 used, 0 not used, 3 malformed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SyslogYearOption()
    {
        var run = CliRun.Of(["parse", "--no-connections", "-", "--year", "2019"],
            "<22>Aug 14 11:04:51 esa1 mail_logs: Info: Start MID 1 ICID 2\n<22>Aug 14 11:04:52 esa1 mail_logs: Info: Message finished MID 1 done\n");

        var doc = JsonDocument.Parse(Assert.Single(run.StdoutLines)).RootElement;
        Assert.Equal("2019-08-14T11:04:52Z", doc.GetProperty("@timestamp").GetString());
        Assert.Equal("esa1", doc.GetProperty("observer").GetProperty("hostname").GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    public void UnreadableInputIsOneLineAndExitOne(string kind)
    {
        string path = kind == "missing" ? Path.Combine(_dir, "nope.log") : _dir;

        var run = CliRun.Of(["parse", "--no-connections", Seed, path]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("esabridge: ", line, StringComparison.Ordinal);
        Assert.Contains(kind == "missing" ? "no such file" : "is a directory", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parse", "--bogus")]
    [InlineData("parse", "--listener-timeout", "abc")]
    [InlineData("parse", "--listener-timeout", "0")]
    [InlineData("parse", "--timeout-tolerance", "-1")]
    [InlineData("parse", "--timezone", "Mars/Olympus_Mons")]
    [InlineData("parse", "--max-open-age", "soon")]
    [InlineData("parse", "--year", "12")]
    [InlineData("frobnicate")]
    [InlineData("report", "--year")]
    public void UsageErrorsAreOneLineAndExitTwo(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("esabridge: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpListsTheCommands()
    {
        var run = CliRun.Of(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("parse", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("report", run.Stdout, StringComparison.Ordinal);
    }
}

using EsaBridge.Cli;
using EsaBridge.Tests.Cli;

namespace EsaBridge.Tests.Service;

/// <summary>Settings of <c>run</c> from flags, environment and <c>--config</c>, flags winning.</summary>
public sealed class RunArgumentsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-runargs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Flags_win_over_the_environment_which_wins_over_the_config_file()
    {
        string config = Config("""
            { "input": ["/logs/a/mail.*", "/logs/b/mail.*"], "host": ["esa-a", "esa-b"],
              "state-dir": "/from/file", "spool-max-bytes": "2GB", "es-url": ["https://file:9200"], "status-interval": "1m" }
            """);
        var environment = new Dictionary<string, string>
        {
            ["ESABRIDGE_STATE_DIR"] = "/from/env",
            ["ESABRIDGE_ES_URL"] = "https://env1:9200, https://env2:9200",
            ["ESABRIDGE_ES_API_KEY"] = "c2VjcmV0",
        };

        var settings = RunCommand.ReadSettings(["--config", config, "--spool-max-bytes", "5MB"], Today, name => environment.GetValueOrDefault(name));

        Assert.Equal(["/logs/a/mail.*", "/logs/b/mail.*"], settings.Files.Select(f => f.Glob));
        Assert.Equal(["esa-a", "esa-b"], settings.Files.Select(f => f.Host));
        Assert.Equal("/from/env", settings.StateDirectory);
        Assert.Equal(5L << 20, settings.SpoolMaxBytes);
        Assert.Equal(["https://env1:9200/", "https://env2:9200/"], settings.Elasticsearch()!.Urls.Select(u => u.ToString()));
        Assert.Equal("c2VjcmV0", settings.Elasticsearch()!.ApiKey);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.StatusInterval);
    }

    [Fact]
    public void Defaults_suit_a_service()
    {
        var settings = RunCommand.ReadSettings(["--input", "/var/log/esa/mail.*", "--es-url", "http://127.0.0.1:9200"], Today, _ => null);

        Assert.Equal("/var/lib/esabridge", settings.StateDirectory);
        Assert.Equal(1L << 30, settings.SpoolMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.StatusInterval);
        Assert.Equal("/var/lib/esabridge/dead-letters.ndjson", settings.DeadLetterPath);
        Assert.True(settings.Elasticsearch()!.RetryFor > TimeSpan.FromDays(365), "outages are waited out: the spool holds the documents");
        Assert.Null(settings.Files.Single().Host);
    }

    [Fact]
    public void An_explicit_retry_limit_is_kept()
    {
        var settings = RunCommand.ReadSettings(["--input", "x", "--es-url", "http://127.0.0.1:9200", "--retry-for", "2h"], Today, _ => null);

        Assert.Equal(TimeSpan.FromHours(2), settings.Elasticsearch()!.RetryFor);
    }

    [Fact]
    public void One_host_names_every_input()
    {
        var settings = RunCommand.ReadSettings(["--input", "a", "--input", "b", "--host", "esa1"], Today, _ => null);

        Assert.Equal(["esa1", "esa1"], settings.Files.Select(f => f.Host));
    }

    [Theory]
    [InlineData("""{ "inptu": ["/x"] }""", "unknown setting 'inptu'")]
    [InlineData("""{ "input": [ {"a": 1} ] }""", "'input'")]
    [InlineData("""[ "input" ]""", "must hold a JSON object")]
    [InlineData("""{ "input": """, "is not valid JSON")]
    [InlineData("""{ "input": ["/x"], "spool-max-bytes": "lots" }""", "--spool-max-bytes: 'lots' is not a size")]
    public void A_bad_config_file_is_a_usage_error_with_its_reason(string json, string expected)
    {
        var run = CliRun.Of(["run", "--config", Config(json)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_missing_config_file_is_an_input_error()
    {
        var run = CliRun.Of(["run", "--config", Path.Combine(_dir, "absent.json")]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("esabridge: --config: cannot read", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "run" }, "run needs an input")]
    [InlineData(new[] { "run", "--input", "a", "--input", "b", "--host", "x", "--host", "y", "--host", "z" }, "--host: give one name for every --input")]
    [InlineData(new[] { "run", "--input", "a", "--poll-interval", "soon" }, "--poll-interval: 'soon' is not a duration")]
    [InlineData(new[] { "run", "--syslog-udp", "localhost:x" }, "--syslog-udp: ")]
    [InlineData(new[] { "run", "--input", "/var/log/*/mail.*" }, "--input: ")]
    [InlineData(new[] { "run", "--input", "a", "--metrics", "localhost:http" }, "--metrics: 'localhost:http' is not ADDR:PORT")]
    public void Bad_flags_give_one_line_and_exit_2(string[] args, string expected)
    {
        var run = CliRun.Of([.. args, "--state-dir", _dir]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    private static DateOnly Today() => new(2026, 11, 28);

    private string Config(string json)
    {
        string path = Path.Combine(_dir, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}

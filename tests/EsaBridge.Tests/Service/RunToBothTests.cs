using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Service;

/// <summary><c>esabridge run</c> tailing a file into Elasticsearch and Splunk HEC at once, secrets from the environment.</summary>
public sealed class RunToBothTests : IAsyncLifetime
{
    private const string Token = "0b2cf1f3-49ab-4c21-9d4b-1f0d2b6a6a17";
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-both-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        _es = await ElasticsearchDouble.StartAsync();
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = Token });
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        await _hec.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Every_document_reaches_both_outputs_and_the_token_is_never_printed()
    {
        string config = Path.Combine(_root, "esabridge.json");
        File.WriteAllText(config, $$"""
            { "input": ["{{Path.Combine(_root, "logs", "mail.*")}}"], "host": "esa1.example.com",
              "es-url": ["{{_es.Url}}"], "hec-url": "{{_hec.Url}}", "poll-interval": "50ms" }
            """);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        using (var service = ServiceProcess.StartWith(environment, "--config", config, "--state-dir", Path.Combine(_root, "state")))
        {
            await UntilBothHold(35, service);

            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Equal(35, _es.DocumentCount("logs-cisco_esa.session-default"));
            Assert.Equal(35, _hec.EventCount);
            Assert.All(_hec.Events, e => Assert.Equal("esa1.example.com", e.Envelope["host"]!.GetValue<string>()));
            Assert.DoesNotContain(Token, service.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_output_that_takes_a_while_to_connect_gets_every_document_once()
    {
        _hec.Options.HealthDelay = TimeSpan.FromSeconds(2);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        string state = Path.Combine(_root, "state");
        using var service = ServiceProcess.StartWith(
            environment, "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(),
            "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--state-dir", state);
        await UntilBothHold(35, service);

        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        Assert.Equal(35, _es.DocumentCount("logs-cisco_esa.session-default"));
        Assert.Equal(35, _hec.EventCount);
    }

    [Fact]
    public async Task After_an_output_failed_to_start_the_next_start_delivers_everything_to_both_outputs_once()
    {
        _hec.Options.Health = HecCode.QueuesFull;
        _hec.Options.HealthDelay = TimeSpan.FromSeconds(1);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        string state = Path.Combine(_root, "state");
        string[] args =
        [
            "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(),
            "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--state-dir", state,
        ];
        using (var failing = ServiceProcess.StartWith(environment, args))
        {
            Assert.Equal(1, failing.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains("splunk", failing.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        _hec.Options.Health = HecCode.Healthy;
        _hec.Options.HealthDelay = TimeSpan.Zero;
        using var service = ServiceProcess.StartWith(environment, args);
        await UntilBothHold(35, service);

        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        Assert.Equal(35, _es.DocumentCount("logs-cisco_esa.session-default"));
        Assert.Equal(35, _hec.EventCount);
    }

    private void CopySample() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Path.Combine(_root, "logs", "mail.current"));

    /// <summary>Waits (at most a minute) until Elasticsearch and HEC each hold <paramref name="documents"/>, the service running.</summary>
    private async Task UntilBothHold(int documents, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((_es.DocumentCount("logs-cisco_esa.session-default") < documents || _hec.EventCount < documents) && DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            await Task.Delay(50);
        }
    }
}

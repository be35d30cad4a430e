using System.Text.Json;
using EsaBridge.Cli;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.Splunk;
using EsaBridge.Service;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>run</c> when an output is in trouble, as an operator sees it: a log line per kind of failure (rate-limited),
/// counters in <c>/metrics</c>, and <c>/health</c> <c>degraded</c> naming the output and why; an output that is down
/// or refuses the credentials at start or later never stops the service, and delivers once it is back.
/// </summary>
public sealed class OutputTroubleTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";
    private const string Token = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    private const int SampleDocuments = 35;
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-trouble-").FullName;
    private readonly int _port = LoopbackPort.Free();
    private readonly HttpClient _http = new();
    private ElasticsearchDouble _es = null!;

    public async Task InitializeAsync()
    {
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_port}/");
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Path.Combine(_root, "logs", "mail.current"));
        _es = await ElasticsearchDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _es.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Elasticsearch_down_is_logged_once_per_kind_counted_and_makes_health_degraded_until_it_delivers_again()
    {
        await _es.GoDownAsync();
        await using var service = InProcessService.Start(Settings(["--es-url", _es.Url.ToString(), "--degraded-after", "1s"]));

        await service.UntilAsync(() => Health().Contains("\"status\":\"degraded\"", StringComparison.Ordinal));
        var health = JsonDocument.Parse(Health()).RootElement;
        var output = health.GetProperty("outputs")[0];
        Assert.Equal("elasticsearch", output.GetProperty("name").GetString());
        Assert.Contains("network error", output.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("elasticsearch: the oldest undelivered document has waited ", health.GetProperty("degraded")[0].GetString(), StringComparison.Ordinal);
        await service.UntilAsync(() => Metric("esabridge_output_failures_total{output=\"elasticsearch\",kind=\"network error\"}") >= 5);
        Assert.Equal(1, Metric("esabridge_output_degraded{output=\"elasticsearch\"}"));
        Assert.True(Metric("esabridge_output_oldest_undelivered_seconds{output=\"elasticsearch\"}") >= 1);
        Assert.Contains($"elasticsearch: at start: Elasticsearch at http://127.0.0.1:{_es.Url.Port}/ cannot be reached: Connection refused", service.Log, StringComparison.Ordinal);
        Assert.Single(Lines(service.Log, " warn  elasticsearch: network error: Connection refused"));
        Assert.Contains($"{SampleDocuments} documents again in", service.Log, StringComparison.Ordinal);

        await _es.ComeBackAsync();
        await service.UntilAsync(() => _es.DocumentCount(Stream) == SampleDocuments && Health().Contains("\"status\":\"ok\"", StringComparison.Ordinal));
        Assert.Contains("elasticsearch: delivering again (after: network error: Connection refused", service.Log, StringComparison.Ordinal);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Hec_down_at_start_does_not_stop_the_service_Elasticsearch_gets_everything_and_HEC_gets_it_when_it_is_back()
    {
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = Token });
        await hec.GoDownAsync();
        await using var service = InProcessService.Start(Settings(
            ["--es-url", _es.Url.ToString(), "--hec-url", hec.Url.ToString(), "--hec-token", Token, "--degraded-after", "1s"]));

        await service.UntilAsync(() => _es.DocumentCount(Stream) == SampleDocuments
            && Health().Contains("splunk-hec: the oldest undelivered document has waited", StringComparison.Ordinal));
        Assert.Equal(0, hec.EventCount);
        Assert.Contains("splunk-hec: at start: Splunk HEC at", service.Log, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", service.Log, StringComparison.Ordinal);
        Assert.Contains("the service runs on: its documents are spooled and sent once it answers", service.Log, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"elasticsearch\",\"status\":\"ok\"", Health(), StringComparison.Ordinal);

        await hec.ComeBackAsync();
        await service.UntilAsync(() => hec.EventCount == SampleDocuments && Health().Contains("\"status\":\"ok\"", StringComparison.Ordinal));
        Assert.Equal(0, await service.StopAsync());
        Assert.Equal(SampleDocuments, _es.DocumentCount(Stream));
        Assert.DoesNotContain(Token, service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_credentials_keep_the_service_running_degraded_at_once_and_a_fixed_key_resumes_delivery()
    {
        _es.Options.ApiKey = "the-right-key";
        await using var service = InProcessService.Start(Settings(["--es-url", _es.Url.ToString(), "--es-api-key", "an-old-key", "--degraded-after", "1h"]));

        await service.UntilAsync(() => Health().Contains("authentication refused", StringComparison.Ordinal));
        var health = JsonDocument.Parse(Health()).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.StartsWith("elasticsearch: authentication refused: Elasticsearch refused the request: ", health.GetProperty("degraded")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(" error elasticsearch: authentication refused: ", service.Log, StringComparison.Ordinal);
        Assert.Contains("fix the credentials: delivery resumes by itself", service.Log, StringComparison.Ordinal);
        Assert.Contains("elasticsearch: at start: Elasticsearch at", service.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("an-old-key", service.Log, StringComparison.Ordinal);
        Assert.False(service.HasExited);

        _es.Options.ApiKey = "an-old-key"; // the cluster now takes the key the service has
        await service.UntilAsync(() => _es.DocumentCount(Stream) == SampleDocuments && Health().Contains("\"status\":\"ok\"", StringComparison.Ordinal));
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task A_refused_HEC_token_degrades_at_once_and_the_fixed_token_resumes_delivery()
    {
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = "aaaaaaaa-0000-4000-8000-000000000000" });
        await using var service = InProcessService.Start(Settings(["--hec-url", hec.Url.ToString(), "--hec-token", Token, "--degraded-after", "1h"]));

        await service.UntilAsync(() => Health().Contains(
            "splunk-hec: authentication refused: Splunk HEC refused the request: HTTP 403 Invalid token (code 4)", StringComparison.Ordinal));
        Assert.Contains(" error splunk-hec: authentication refused: Splunk HEC refused the request: HTTP 403 Invalid token (code 4); ", service.Log, StringComparison.Ordinal);
        Assert.Equal(0, hec.EventCount);
        Assert.False(service.HasExited);

        hec.Options.Token = Token; // the token is enabled in Splunk: nothing to restart
        await service.UntilAsync(() => hec.EventCount == SampleDocuments && Health().Contains("\"status\":\"ok\"", StringComparison.Ordinal));
        Assert.Contains("splunk-hec: delivering again (after: authentication refused: ", service.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, service.Log, StringComparison.Ordinal);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Dead_letters_are_warned_with_count_and_reason_and_shown_per_output_in_the_status_line_and_health()
    {
        _es.Faults.RejectItemsAlways(_ => "failed to parse field [source.ip]");
        string deadLetters = Path.Combine(_root, "state", "dead-letters.ndjson");
        var settings = Settings(["--es-url", _es.Url.ToString()]) with
        {
            StatusInterval = TimeSpan.FromMilliseconds(200),
            TroubleLogInterval = TimeSpan.FromMilliseconds(300),
        };
        await using var service = InProcessService.Start(settings);

        await service.UntilAsync(() => Health().Contains($"\"dead_letters\":{SampleDocuments}", StringComparison.Ordinal)
            && service.Log.Contains($"dead letters elasticsearch={SampleDocuments}", StringComparison.Ordinal)
            && service.Log.Contains($"({SampleDocuments} dead letters from elasticsearch since start, in {deadLetters})", StringComparison.Ordinal));
        var warnings = Lines(service.Log, " warn  elasticsearch: ");
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Contains(" documents dead-lettered: document_parsing_exception", w, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("failed to parse field [source.ip]", w, StringComparison.Ordinal));
        Assert.Equal(SampleDocuments, warnings.Sum(w => int.Parse(w.Split(" warn  elasticsearch: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(SampleDocuments, File.ReadAllLines(deadLetters).Length);
        Assert.Equal(SampleDocuments, Metric("esabridge_output_documents_dead_lettered_total{output=\"elasticsearch\"}"));
        Assert.Equal(0, await service.StopAsync());
    }

    private RunSettings Settings(string[] more)
    {
        var settings = RunCommand.ReadSettings(
            ["--no-connections", "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1", "--state-dir", Path.Combine(_root, "state"),
             "--poll-interval", "50ms", "--status-interval", "1h", "--metrics", $"127.0.0.1:{_port}", .. more],
            () => new DateOnly(2026, 11, 28),
            _ => null);

        // Fast retries, so an outage of a few seconds is many failures: the log must still say each kind once.
        return settings with
        {
            NetworkOutputs = settings.NetworkOutputs.Select(output => output switch
            {
                ElasticsearchSettings es => (IOutputSettings)(es with { RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(100) }),
                HecSettings hec => hec with { RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(100) },
                _ => output,
            }).ToList(),
        };
    }

    private string Health()
    {
        try
        {
            return _http.GetStringAsync(new Uri("health", UriKind.Relative)).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return string.Empty; // not listening yet
        }
    }

    private double Metric(string series)
    {
        string text = _http.GetStringAsync(new Uri("metrics", UriKind.Relative)).GetAwaiter().GetResult();
        string? line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Lines(string log, string containing) =>
        [.. log.Split('\n').Where(l => l.Contains(containing, StringComparison.Ordinal))];
}

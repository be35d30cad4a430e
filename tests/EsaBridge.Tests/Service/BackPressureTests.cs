using System.Net.Sockets;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Service;

/// <summary>
/// Elasticsearch down for a while with a tiny spool: reading pauses (visible in /metrics and the log), nothing is
/// dropped, and when it comes back every document arrives.
/// </summary>
public sealed class BackPressureTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-pressure-").FullName;
    private ElasticsearchDouble _es = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        _es = await ElasticsearchDouble.StartAsync();
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_full_spool_pauses_reading_and_loses_nothing_when_the_output_comes_back()
    {
        int port = LoopbackPort.Free();
        await _es.GoDownAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Path.Combine(_root, "logs", "mail.current"));
        using var service = ServiceProcess.Start(
            "--no-connections",
            "--input", Path.Combine(_root, "logs", "mail.*"), "--state-dir", Path.Combine(_root, "state"), "--es-url", _es.Url.ToString(),
            "--spool-max-bytes", "4KB", "--poll-interval", "50ms", "--metrics", $"127.0.0.1:{port}", "--status-interval", "1h");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        string metrics = await Eventually(http, "metrics", m => m.Contains("\nesabridge_reading_paused 1\n", StringComparison.Ordinal), service);
        Assert.Contains("# TYPE esabridge_spool_bytes gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("esabridge_output_documents_acknowledged_total{output=\"elasticsearch\"} 0", metrics, StringComparison.Ordinal);
        var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"reading_paused\":true", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await _es.ComeBackAsync();
        await Eventually(http, "metrics", m => m.Contains("esabridge_output_documents_acknowledged_total{output=\"elasticsearch\"} 35", StringComparison.Ordinal)
            && m.Contains("\nesabridge_reading_paused 0\n", StringComparison.Ordinal), service);
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        Assert.Contains("spool full", service.Stderr, StringComparison.Ordinal);
        Assert.Contains("reading resumed", service.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> Eventually(HttpClient http, string path, Func<string, bool> condition, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            try
            {
                last = await http.GetStringAsync(new Uri(path, UriKind.Relative));
                if (condition(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"/{path} never matched; last answer:\n{last}\n{service.Stderr}");
        return last;
    }
}

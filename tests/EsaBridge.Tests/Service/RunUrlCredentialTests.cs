using EsaBridge.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Service;

/// <summary><c>run</c> never prints a password given in an output's URL, in its start lines or its log.</summary>
public sealed class RunUrlCredentialTests : IAsyncLifetime
{
    private const string Secret = "RUN-URL-SECRET-77";

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-run-urlcred-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    private string Logs => Path.Combine(_dir, "logs");

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync();
        _hec = await HecDouble.StartAsync();
        Directory.CreateDirectory(Logs);
    }

    public async Task DisposeAsync()
    {
        await _hec.DisposeAsync();
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TheServiceShowsItsOutputsWithoutThePassword()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"), Path.Combine(Logs, "mail.current"));
        var settings = RunCommand.ReadSettings(
            ["--no-connections", "--input", Path.Combine(Logs, "mail.*"), "--host", "esa1", "--state-dir", Path.Combine(_dir, "state"),
             "--es-url", WithCredentials(_es.Url), "--hec-url", WithCredentials(_hec.Url), "--poll-interval", "50ms", "--status-interval", "1h"],
            () => new DateOnly(2026, 11, 28),
            name => name == "ESABRIDGE_HEC_TOKEN" ? _hec.Options.Token : null);

        await using var service = InProcessService.Start(settings);
        await service.UntilAsync(() => _hec.EventCount == 3 && _es.DocumentCount("logs-cisco_esa.session-default") == 3);

        Assert.Equal(0, await service.StopAsync());
        Assert.Contains($"http://svc:***@127.0.0.1:{_hec.Url.Port}/", service.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, service.Log, StringComparison.Ordinal);
    }

    private static string WithCredentials(Uri url) => new UriBuilder(url) { UserName = "svc", Password = Secret }.Uri.ToString();
}

using EsaBridge.Cli;
using EsaBridge.Delivery;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Service;

/// <summary><c>run</c>'s last lines say where the dead letters are and how many the file holds, earlier runs' included.</summary>
public sealed class RunDeadLetterTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-run-dead-").FullName;
    private ElasticsearchDouble _es = null!;

    private string Logs => Path.Combine(_dir, "logs");

    private string State => Path.Combine(_dir, "state");

    private string DeadLetters => Path.Combine(State, "dead-letters.ndjson");

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync();
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(State);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TheStopLinesCountTheWholeDeadLetterFile()
    {
        File.WriteAllText(DeadLetters, "{\"output\":\"elasticsearch\",\"reason\":\"from an earlier run\"}\n");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"), Path.Combine(Logs, "mail.current"));
        _es.Faults.RejectItemsAlways(_ => "refused for the test");
        var settings = RunCommand.ReadSettings(
            ["--no-connections", "--input", Path.Combine(Logs, "mail.*"), "--host", "esa1", "--state-dir", State, "--es-url", _es.Url.ToString(),
             "--poll-interval", "50ms", "--status-interval", "1h"],
            () => new DateOnly(2026, 11, 28),
            _ => null);

        await using var service = InProcessService.Start(settings);
        await service.UntilAsync(() => DeadLetterFile.CountIn(DeadLetters) == 4);

        Assert.Equal(0, await service.StopAsync());
        Assert.Contains($"dead letters: 3 in this run; {DeadLetters} holds 4 in total", service.Log, StringComparison.Ordinal);
        Assert.Contains("esabridge resend FILE", service.Log, StringComparison.Ordinal);
    }
}

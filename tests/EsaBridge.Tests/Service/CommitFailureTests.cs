using System.Net;
using System.Text;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Checkpoints;
using EsaBridge.Cli;
using EsaBridge.Delivery;
using EsaBridge.Service;
using EsaBridge.StateFiles;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Service;

/// <summary>
/// A checkpoint that cannot be saved for a reason other than a full disk (the state directory removed or made
/// read-only under the running service) stops the service at once and visibly: an error line with the reason,
/// <c>/health</c> not ok, exit 1, and no line claiming the state was checkpointed.
/// </summary>
public sealed class CommitFailureTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-commitfail-").FullName;
    private ElasticsearchDouble _es = null!;

    private string Log => Path.Combine(_root, "logs", "mail.current");

    private string State => Path.Combine(_root, "state");

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
    public async Task A_state_directory_removed_under_the_service_stops_it_at_once_with_the_reason_and_no_success_line()
    {
        string[] lines = GeneratedLog();
        File.WriteAllLines(Log, lines[..(lines.Length / 2)]);
        await _es.GoDownAsync(); // documents wait in the spool, so stopping takes the whole drain budget: time to ask /health
        int port = LoopbackPort.Free();
        await using var service = InProcessService.Start(Settings("--metrics", $"127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await service.UntilAsync(() => (Checkpoint.Load(Checkpoint.SpooledPath(State))?.Files().Sum(f => f.Offset) ?? 0) == new FileInfo(Log).Length);
        // Once the output holds its batch (retried in memory while Elasticsearch is down), only a commit touches the state directory.
        await service.UntilAsync(() => SentTotal(http) > 0);

        Directory.Delete(State, recursive: true);
        File.AppendAllLines(Log, lines[(lines.Length / 2)..]); // read once; nothing more comes after it
        await service.UntilAsync(() => service.Log.Contains("cannot commit a checkpoint", StringComparison.Ordinal));

        using var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"status\":\"reading stopped\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await service.ExitAsync(TimeSpan.FromSeconds(30)));

        string failure = service.Log.Split('\n').Single(l => l.Contains("cannot commit a checkpoint", StringComparison.Ordinal) && !l.StartsWith("esabridge:", StringComparison.Ordinal));
        Assert.Contains(" fatal ", failure, StringComparison.Ordinal);
        Assert.True(failure.Contains(State + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"the failure names no file of the state directory: {failure}");
        Assert.Contains("stopping now (exit 1)", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("state checkpointed", service.Log, StringComparison.Ordinal);
        Assert.Contains("the last checkpoint could not be saved, so the next start reads again from the one before", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_directory_removed_while_nothing_is_read_is_found_at_stop_and_not_called_checkpointed()
    {
        File.WriteAllLines(Log, GeneratedLog());
        await using var service = InProcessService.Start(Settings());
        await service.UntilAsync(() => _es.DocumentCount(Stream) > 0 && File.Exists(Checkpoint.AcknowledgedPath(State))
            && Checkpoint.Load(Checkpoint.SpooledPath(State))?.Files().Sum(f => f.Offset) == new FileInfo(Log).Length);

        Directory.Delete(State, recursive: true);

        Assert.Equal(1, await service.StopAsync());
        Assert.Contains("cannot commit a checkpoint", service.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("state checkpointed", service.Log, StringComparison.Ordinal);
        Assert.Contains("the last checkpoint could not be saved", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_disk_turned_read_only_stops_the_service_at_once_even_with_nothing_more_to_read()
    {
        string[] lines = GeneratedLog();
        File.WriteAllLines(Log, lines[..(lines.Length / 2)]);
        var disk = new TurningReadOnlyDisk();
        await using var service = InProcessService.Start(Settings() with { Disk = disk });
        await service.UntilAsync(() => _es.DocumentCount(Stream) > 0 && File.Exists(Checkpoint.AcknowledgedPath(State)));

        disk.ReadOnly = true;
        File.AppendAllLines(Log, lines[(lines.Length / 2)..]);

        Assert.Equal(1, await service.ExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("cannot commit a checkpoint: Read-only file system", service.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("state checkpointed", service.Log, StringComparison.Ordinal);
    }

    private const string Stream = "logs-cisco_esa.session-default";

    private static long SentTotal(HttpClient http)
    {
        const string Metric = "esabridge_output_documents_sent_total{output=\"elasticsearch\"} ";
        string metrics = http.GetStringAsync(new Uri("metrics", UriKind.Relative)).GetAwaiter().GetResult();
        string? line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(Metric, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[Metric.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The local disk until <see cref="ReadOnly"/> is set, as after <c>mount -o remount,ro</c> (EROFS).</summary>
    private sealed class TurningReadOnlyDisk : StateDisk
    {
        private const int ReadOnlyFileSystem = 30;

        public volatile bool ReadOnly;

        public override void Replace(string path, ReadOnlySpan<byte> content)
        {
            if (ReadOnly)
            {
                throw new IOException($"Read-only file system : '{path}'", ReadOnlyFileSystem);
            }

            base.Replace(path, content);
        }
    }

    private RunSettings Settings(params string[] more) =>
        RunCommand.ReadSettings(
            ["--no-connections", "--input", Log, "--host", "esa1", "--state-dir", State, "--es-url", _es.Url.ToString(),
             "--poll-interval", "50ms", "--status-interval", "1h", .. more],
            () => new DateOnly(2026, 11, 28),
            _ => null);

    private static string[] GeneratedLog()
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = 200 << 10, Seed = 17 });
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

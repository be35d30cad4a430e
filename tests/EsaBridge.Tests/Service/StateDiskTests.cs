using System.Text;
using System.Text.Json;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Cli;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Service;
using EsaBridge.Tests.Delivery;

namespace EsaBridge.Tests.Service;

/// <summary>
/// The disk that holds the state directory. When it fills up under a running service, reading pauses (visible in
/// the log, /metrics and /health), nothing is dropped or sent twice, and reading resumes once there is room, or,
/// if the service is stopped meanwhile, the next start picks up from the last checkpoint. And the service gives
/// back what it no longer needs: spool segments every output acknowledged are deleted as it runs.
/// </summary>
public sealed class StateDiskTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-diskfull-").FullName;
    private readonly string[] _lines = GeneratedLog(seed: 11);

    private string Log => Path.Combine(_root, "logs", "mail.current");

    private string Output => Path.Combine(_root, "out", "sessions.ndjson");

    public StateDiskTests() => Directory.CreateDirectory(Path.Combine(_root, "logs"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_full_disk_pauses_reading_and_everything_is_delivered_once_when_room_comes_back()
    {
        var (firstHalf, secondHalf) = Halves();
        var disk = new FillingDisk(free: 1L << 30);
        int port = LoopbackPort.Free();
        File.WriteAllLines(Log, firstHalf);
        await using var service = InProcessService.Start(Settings(disk, "--metrics", $"127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await service.UntilAsync(() => DeliveredIds().Count == DocumentIds(firstHalf).Count);

        disk.Free = 0;
        File.AppendAllLines(Log, secondHalf);
        await service.UntilAsync(() => Metric(http, "esabridge_disk_full") == 1);
        Assert.Equal(1, Metric(http, "esabridge_reading_paused"));
        Assert.Contains("\"disk_full\":true", await http.GetStringAsync(new Uri("health", UriKind.Relative)), StringComparison.Ordinal);
        long refused = disk.Refused;
        await service.UntilAsync(() => disk.Refused >= refused + 2); // it keeps trying
        Assert.Equal(DocumentIds(firstHalf).Count, DeliveredIds().Count);

        disk.Free = 1L << 30;
        await service.UntilAsync(() => DeliveredIds().Count == DocumentIds(_lines).Count && Metric(http, "esabridge_disk_full") == 0);

        Assert.Equal(0, await service.StopAsync());
        Assert.Equal(DocumentIds(_lines), DeliveredIds());
        Assert.Contains("the disk is full", service.Log, StringComparison.Ordinal);
        Assert.Contains("the disk has room again; reading resumed", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopped_while_the_disk_is_full_it_exits_cleanly_and_the_next_start_delivers_the_rest_once()
    {
        var (firstHalf, secondHalf) = Halves();
        var disk = new FillingDisk(free: 1L << 30);
        File.WriteAllLines(Log, firstHalf);
        await using (var service = InProcessService.Start(Settings(disk)))
        {
            await service.UntilAsync(() => DeliveredIds().Count == DocumentIds(firstHalf).Count);
            disk.Free = 200;
            File.AppendAllLines(Log, secondHalf);
            await service.UntilAsync(() => service.Log.Contains("the disk is full", StringComparison.Ordinal));

            Assert.Equal(0, await service.StopAsync());
            Assert.Contains("the last checkpoint stands", service.Log, StringComparison.Ordinal);
        }

        await using (var restarted = InProcessService.Start(Settings(new FillingDisk(free: 1L << 30))))
        {
            await restarted.UntilAsync(() => DeliveredIds().Count >= DocumentIds(_lines).Count);
            await Task.Delay(500); // anything sent twice would show up by now
            Assert.Equal(0, await restarted.StopAsync());
        }

        Assert.Equal(DocumentIds(_lines), DeliveredIds());
    }

    [Fact]
    public async Task Spool_segments_every_output_acknowledged_are_deleted_while_the_service_runs()
    {
        string spool = Path.Combine(_root, "state", "spool");
        File.WriteAllLines(Log, _lines);
        await using var service = InProcessService.Start(Settings(new FillingDisk(free: 1L << 30)) with { SpoolSegmentBytes = 16 << 10 });

        await service.UntilAsync(() => DeliveredIds().Count == DocumentIds(_lines).Count);
        await service.UntilAsync(() => Directory.GetFiles(spool, "*.spool").Length <= 2);

        long oldestKept = Directory.GetFiles(spool, "*.spool").Min(f => long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(oldestKept > 10 * (16 << 10), $"the spool should have moved on through many 16 KiB segments, its oldest starts at {oldestKept}");
        Assert.False(service.HasExited);
    }

    private RunSettings Settings(FillingDisk disk, params string[] more) =>
        RunCommand.ReadSettings(
            ["--no-connections", "--input", Log, "--host", "esa1", "--state-dir", Path.Combine(_root, "state"), "--output-file", Output,
             "--poll-interval", "50ms", "--status-interval", "1h", .. more],
            () => new DateOnly(2026, 11, 28),
            _ => null) with
        { Disk = disk };

    private (string[] First, string[] Second) Halves() => (_lines[..(_lines.Length / 2)], _lines[(_lines.Length / 2)..]);

    /// <summary>The ids of the documents in the output file, in order; a duplicate fails the test.</summary>
    private List<string> DeliveredIds()
    {
        if (!File.Exists(Output))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(Output, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var ids = new List<string>();
        while (reader.ReadLine() is string line)
        {
            try
            {
                ids.Add(JsonDocument.Parse(line).RootElement.GetProperty("event").GetProperty("id").GetString()!);
            }
            catch (JsonException)
            {
                break; // the last line is being written
            }
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        return ids;
    }

    private static List<string> DocumentIds(string[] lines)
    {
        var ids = new List<string>();
        var pipeline = new LogPipeline(new ParserOptions { ReferenceDate = new DateOnly(2026, 11, 28) }, new SessionizerOptions(), r => ids.Add(r.EventId));
        pipeline.SetSource("esa1", "/any/path");
        foreach (string line in lines)
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        return ids;
    }

    private static long Metric(HttpClient http, string name)
    {
        string text = http.GetStringAsync(new Uri("metrics", UriKind.Relative)).GetAwaiter().GetResult();
        string line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] GeneratedLog(int seed)
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = 400 << 10, Seed = seed });
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

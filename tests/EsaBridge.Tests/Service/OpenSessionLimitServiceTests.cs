using EsaBridge.Cli;
using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>run</c> under a flood of messages that never finish: the oldest leave as incomplete documents, counted in
/// /metrics and said in the log; and a session journal damaged between two starts stops the next start with the reason.
/// </summary>
public sealed class OpenSessionLimitServiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-limits-").FullName;

    private string Log => Path.Combine(_root, "logs", "mail.current");

    private string Output => Path.Combine(_root, "out", "sessions.ndjson");

    private string State => Path.Combine(_root, "state");

    public OpenSessionLimitServiceTests() => Directory.CreateDirectory(Path.Combine(_root, "logs"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Past_the_limit_the_oldest_messages_are_delivered_as_incomplete_and_counted_and_a_damaged_journal_stops_the_next_start()
    {
        int port = LoopbackPort.Free();
        File.WriteAllLines(Log, StartLines(1, 300));
        await using (var service = InProcessService.Start(Settings("--max-open-messages", "100", "--max-open-connections", "100", "--metrics", $"127.0.0.1:{port}")))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            // A sixteenth (6) leaves each time a new message would pass 100: at MIDs 101, 107, ..., 299.
            await service.UntilAsync(() => Delivered().Count == 204);
            Assert.Equal(204, Metric(http, "esabridge_evicted_messages_total"));
            Assert.Equal(204, Metric(http, "esabridge_evicted_connections_total"));
            Assert.Equal(96, Metric(http, "esabridge_open_sessions"));
            Assert.All(Delivered(), d => Assert.Contains("\"action\":\"message-incomplete\"", d, StringComparison.Ordinal));
            Assert.Contains("\"mid\":1,", Delivered()[0], StringComparison.Ordinal);
            Assert.Contains("open-session limits reached: 204 oldest open messages sent as incomplete documents (--max-open-messages 100)", service.Log, StringComparison.Ordinal);

            File.AppendAllLines(Log, StartLines(301, 10)); // journaled as changes after the snapshot
            await service.UntilAsync(() => Delivered().Count == 210);
            Assert.Equal(0, await service.StopAsync());
        }

        string journal = Directory.GetFiles(State, "sessions-*.journal").Single(f => new FileInfo(f).Length > 8);
        byte[] bytes = File.ReadAllBytes(journal);
        bytes[4] ^= 0x01; // the first record's checksum
        File.WriteAllBytes(journal, bytes);

        await using var restarted = InProcessService.Start(Settings());
        var refused = await Assert.ThrowsAsync<EsaBridge.Inputs.InputException>(() => restarted.ExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"session journal '{journal}' is damaged at record 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("move it away to start over", refused.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> StartLines(int first, int count) =>
        Enumerable.Range(first, count).Select(mid => $"Thu Aug 14 {10 + (mid / 3600):00}:{mid / 60 % 60:00}:{mid % 60:00} 2014 Info: Start MID {mid} ICID {mid}");

    private RunSettings Settings(params string[] more) =>
        RunCommand.ReadSettings(
            ["--no-connections", "--input", Log, "--host", "esa1", "--state-dir", State, "--output-file", Output, "--poll-interval", "50ms", "--status-interval", "1h", .. more],
            () => new DateOnly(2026, 11, 28),
            _ => null);

    private List<string> Delivered() => File.Exists(Output) ? [.. File.ReadAllLines(Output)] : [];

    private static long Metric(HttpClient http, string name)
    {
        string text = http.GetStringAsync(new Uri("metrics", UriKind.Relative)).GetAwaiter().GetResult();
        string line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

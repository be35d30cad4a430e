using System.Text;
using System.Text.Json.Nodes;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Checkpoints;
using EsaBridge.Cli;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Service;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>esabridge run</c> as a real process, killed with SIGKILL at random points while an ESA-like log is appended and
/// rotated, restarted each time: Elasticsearch ends up with exactly the documents one uninterrupted pass makes.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";

    /// <summary>Where connection documents go once the index routes them by <c>event.dataset</c>; until then, <see cref="Stream"/>.</summary>
    private const string ConnectionStream = "logs-cisco_esa.connection-default";
    private const int SmallSegmentBytes = 16 << 10;
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-crash-").FullName;
    private ElasticsearchDouble _es = null!;

    private string Logs => Path.Combine(_root, "logs");

    private string State => Path.Combine(_root, "state");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Logs);
        _es = await ElasticsearchDouble.StartAsync();
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Killed_at_random_points_while_the_log_rotates_it_delivers_exactly_the_expected_documents()
    {
        string[] lines = GeneratedLog(megabytes: 1.5, seed: 7);
        var expected = ExpectedDocuments(lines);
        var random = new Random(20261128);
        var log = new RotatingLogWriter(Logs);
        var chunks = lines.Chunk((lines.Length / 12) + 1).ToList();
        int next = 0;

        for (int round = 0; round < 4; round++)
        {
            using var service = Start();
            for (int i = 0; i < 3 && next < chunks.Count; i++, next++)
            {
                log.Append(chunks[next]);
                if (next % 4 == 3)
                {
                    log.Rotate();
                }

                await Task.Delay(random.Next(50, 400));
            }

            await Task.Delay(random.Next(100, 1500));
            Assert.False(service.HasExited, service.Stderr);
            service.Kill();
        }

        await FinishAndCheck(log, chunks.Skip(next), expected);
    }

    [Fact]
    public async Task Killed_again_and_again_while_Elasticsearch_is_down_every_restart_reads_again_and_the_result_is_exact()
    {
        // With Elasticsearch down, no checkpoint is acknowledged: every restart reads the log again from its beginning,
        // finding in the spool the documents it already holds, and some kills land while it does.
        string[] lines = GeneratedLog(megabytes: 1.5, seed: 11);
        var expected = ExpectedDocuments(lines);
        var random = new Random(20261129);
        var log = new RotatingLogWriter(Logs);
        var chunks = lines.Chunk((lines.Length / 8) + 1).ToList();
        int next = 0;
        await _es.GoDownAsync();
        for (int round = 0; round < 5; round++)
        {
            using var service = Start();
            if (next < chunks.Count)
            {
                log.Append(chunks[next++]);
                if (round == 2)
                {
                    log.Rotate();
                }
            }

            await service.UntilAsync(() => service.Stderr.Contains("started:", StringComparison.Ordinal));
            await Task.Delay(random.Next(20, 600));
            Assert.False(service.HasExited, service.Stderr);
            service.Kill();
        }

        await _es.ComeBackAsync();
        await FinishAndCheck(log, chunks.Skip(next), expected);
    }

    [Fact]
    public async Task A_message_that_starts_before_a_kill_and_finishes_after_it_gets_a_correct_document()
    {
        var log = new RotatingLogWriter(Logs);
        log.Append([
            "Thu Aug 14 11:04:31 2014 Info: New SMTP ICID 7 interface Data 1 (192.168.0.199) address 192.168.0.200 reverse dns host mx.partner.example verified yes",
            "Thu Aug 14 11:04:31 2014 Info: ICID 7 ACCEPT SG UNKNOWNLIST match  SBRS 2.5",
            "Thu Aug 14 11:04:32 2014 Info: Start MID 9 ICID 7",
            "Thu Aug 14 11:04:33 2014 Info: MID 9 ICID 7 From: <a@partner.example>",
            "Thu Aug 14 11:04:34 2014 Info: MID 9 ICID 7 RID 0 To: <b@example.com>",
        ]);
        using (var first = Start())
        {
            string checkpoint = Path.Combine(State, "checkpoint");
            await first.UntilAsync(() => File.Exists(checkpoint) && new FileInfo(checkpoint).Length > 200);
            await Task.Delay(500);
            first.Kill();
        }

        log.Append([
            "Thu Aug 14 11:04:40 2014 Info: ICID 7 lost",
            "Thu Aug 14 11:05:09 2014 Info: Message aborted MID 9 Receiving aborted",
            "Thu Aug 14 11:05:09 2014 Info: Message finished MID 9 aborted",
        ]);
        using var second = Start();
        await second.UntilAsync(() => _es.DocumentCount(Stream) == 1);
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));

        var document = _es.Documents(Stream).Values.Single();
        var esa = document["cisco"]!["esa"]!;
        Assert.Equal("connection_lost", esa["abort"]!["class"]!.GetValue<string>());
        Assert.Equal(37, esa["duration_seconds"]!.GetValue<long>());
        Assert.Equal(35, esa["abort"]!["idle_seconds"]!.GetValue<long>());
        Assert.Equal("192.168.0.200", document["source"]!["ip"]!.GetValue<string>());
        Assert.Equal("mx.partner.example", document["source"]!["domain"]!.GetValue<string>());
        Assert.Equal(2.5, esa["connection"]!["sbrs"]!.GetValue<double>());
        Assert.Equal("b@example.com", document["email"]!["to"]!["address"]![0]!.GetValue<string>());
        Assert.Equal("esa1", document["observer"]!["hostname"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_damaged_record_in_an_undelivered_segment_is_cut_at_the_restart_and_what_followed_is_made_again()
    {
        // A bad sector or a stray write in a spool segment no output has delivered yet: the restart reads the inputs
        // again from the checkpoint every output acknowledged, finds the damage while it reads the spool's ids, cuts
        // the spool there and makes what followed again from the log, so nothing is lost.
        var expected = await WriteLogWithElasticsearchDown();
        await using (var first = InProcessService.Start(InProcessSettings()))
        {
            await first.UntilAsync(() => SpooledPastFourSegments());
            Assert.Equal(0, await first.StopAsync());
        }

        string[] segments = [.. Directory.GetFiles(Path.Combine(State, "spool"), "*.spool").Order()];
        byte[] bytes = File.ReadAllBytes(segments[1]);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(segments[1], bytes);
        await _es.ComeBackAsync();

        await using (var second = InProcessService.Start(InProcessSettings()))
        {
            await second.UntilAsync(() => Delivered() >= expected.Count);
            Assert.Equal(0, await second.StopAsync());
            Assert.Contains("the spool is damaged at position", second.Log, StringComparison.Ordinal);
        }

        AssertHoldsExactly(expected);
    }

    [Fact]
    public async Task An_output_that_meets_a_damaged_record_while_running_stops_the_service_and_the_restart_recovers()
    {
        // The damage comes while the service runs, in a segment the output has not read yet (Elasticsearch is down and
        // batches are small, so it holds only the first few documents): once Elasticsearch is back the output reaches
        // the damage and the service stops with exit 1 and the reason, instead of the output's task dying silently.
        var expected = await WriteLogWithElasticsearchDown();
        var settings = InProcessSettings("--es-batch-docs", "5");
        await using (var first = InProcessService.Start(settings))
        {
            await first.UntilAsync(() => SpooledPastFourSegments());
            string[] segments = [.. Directory.GetFiles(Path.Combine(State, "spool"), "*.spool").Order()];
            byte[] bytes = File.ReadAllBytes(segments[2]);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(segments[2], bytes);
            await _es.ComeBackAsync();

            Assert.Equal(1, await first.ExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("elasticsearch: delivery stopped (", first.Log, StringComparison.Ordinal);
            Assert.InRange(Delivered(), 1, expected.Count - 1);
        }

        await using (var second = InProcessService.Start(settings))
        {
            await second.UntilAsync(() => Delivered() >= expected.Count);
            Assert.Equal(0, await second.StopAsync());
            Assert.Contains("the spool is damaged at position", second.Log, StringComparison.Ordinal);
        }

        AssertHoldsExactly(expected);
    }

    [Theory]
    [InlineData("removed", "is missing")]
    [InlineData("cut short", "is damaged (3 bytes")]
    [InlineData("garbage", "is damaged (it holds")]
    [InlineData("zeroed", "is damaged (its checksum")]
    public async Task A_lost_or_damaged_position_file_after_a_kill_resends_from_the_acknowledged_checkpoint_and_nothing_is_missing(string damage, string said)
    {
        // Half the log delivered, Elasticsearch down, the rest read and spooled, kill -9, and the output's position
        // file lost or damaged: the restart must not start that output at the spool's end (what was spooled during
        // the outage would never be sent), but where every output had acknowledged everything.
        string[] lines = GeneratedLog(megabytes: 0.5, seed: 13);
        var expected = ExpectedDocuments(lines);
        string log = Path.Combine(Logs, "mail.current");
        File.WriteAllLines(log, lines[..(lines.Length / 2)]);
        using (var first = Start())
        {
            await first.UntilAsync(() => ReadUpTo(Checkpoint.AcknowledgedPath(State)) == new FileInfo(log).Length);
            await _es.GoDownAsync();
            File.AppendAllLines(log, lines[(lines.Length / 2)..]);
            await first.UntilAsync(() => ReadUpTo(Checkpoint.SpooledPath(State)) == new FileInfo(log).Length);
            first.Kill();
        }

        string position = Path.Combine(State, "outputs", "elasticsearch.position");
        Action damageIt = damage switch
        {
            "removed" => () => File.Delete(position),
            "cut short" => () => File.WriteAllBytes(position, File.ReadAllBytes(position)[..3]),
            "garbage" => () => File.WriteAllBytes(position, [0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F]),
            _ => () => File.WriteAllBytes(position, new byte[12]),
        };
        damageIt();
        await _es.ComeBackAsync();

        using (var second = Start())
        {
            await second.UntilAsync(() => Delivered() >= expected.Count);
            Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Contains($"elasticsearch: its position file outputs/elasticsearch.position {said}", second.Stderr, StringComparison.Ordinal);
            Assert.Contains("; resending from spool position ", second.Stderr, StringComparison.Ordinal);
        }

        AssertHoldsExactly(expected);
    }

    /// <returns>How far the checkpoint saved at <paramref name="path"/> had read the inputs (0 when there is none).</returns>
    private static long ReadUpTo(string path) => Checkpoint.Load(path)?.Files().Sum(f => f.Offset) ?? 0;

    /// <summary>Half a megabyte of generated log in the input folder, Elasticsearch down: everything read is spooled.</summary>
    /// <returns>The documents the log gives.</returns>
    private async Task<Dictionary<string, JsonObject>> WriteLogWithElasticsearchDown()
    {
        string[] lines = GeneratedLog(megabytes: 0.5, seed: 5);
        File.WriteAllLines(Path.Combine(Logs, "mail.current"), lines);
        await _es.GoDownAsync();
        return ExpectedDocuments(lines);
    }

    private bool SpooledPastFourSegments() => Checkpoint.Load(Checkpoint.SpooledPath(State))?.SpoolPosition > 4 * SmallSegmentBytes;

    private RunSettings InProcessSettings(params string[] extra) =>
        RunCommand.ReadSettings(
            ["--input", Path.Combine(Logs, "mail.*"), "--host", "esa1", "--state-dir", State, "--es-url", _es.Url.ToString(),
             "--poll-interval", "50ms", "--status-interval", "1h", .. extra],
            () => new DateOnly(2026, 11, 28),
            _ => null) with
        { SpoolSegmentBytes = SmallSegmentBytes };

    private ServiceProcess Start() => ServiceProcess.Start(
        "--input", Path.Combine(Logs, "mail.*"), "--host", "esa1", "--state-dir", State, "--es-url", _es.Url.ToString(),
        "--poll-interval", "50ms", "--status-interval", "1h");

    /// <summary>A last start that is not killed: the rest of the log is written, and Elasticsearch must end up holding exactly the expected documents.</summary>
    private async Task FinishAndCheck(RotatingLogWriter log, IEnumerable<string[]> rest, Dictionary<string, JsonObject> expected)
    {
        using (var last = Start())
        {
            foreach (string[] chunk in rest)
            {
                log.Append(chunk);
            }

            await last.UntilAsync(() => Delivered() >= expected.Count);
            Assert.Equal(0, last.Terminate(TimeSpan.FromSeconds(10)));
        }

        AssertHoldsExactly(expected);
    }

    private void AssertHoldsExactly(Dictionary<string, JsonObject> expected)
    {
        var actual = _es.Documents(Stream).Concat(_es.Documents(ConnectionStream)).ToDictionary(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, pair => Assert.True(
            JsonNode.DeepEquals(pair.Value, WithoutLogPath(actual[pair.Key])),
            $"document {pair.Key} differs:\n{pair.Value.ToJsonString()}\n{actual[pair.Key].ToJsonString()}"));
    }

    private static string[] GeneratedLog(double megabytes, int seed)
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = (long)(megabytes * (1 << 20)), Seed = seed });
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>What one uninterrupted pass writes: the session documents and the connection documents, by <c>event.id</c>.</summary>
    private static Dictionary<string, JsonObject> ExpectedDocuments(string[] lines)
    {
        var ndjson = new MemoryStream();
        var sink = new NdjsonDocumentSink(
            written =>
            {
                ndjson.Write(written);
                return new byte[1 << 16];
            },
            new byte[1 << 16],
            1 << 15);
        var pipeline = new LogPipeline(new ParserOptions { ReferenceDate = new DateOnly(2026, 11, 28) }, new SessionizerOptions(), sink);
        pipeline.SetSource("esa1", "/any/path");
        foreach (string line in lines)
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        sink.Flush();
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (string json in Encoding.UTF8.GetString(ndjson.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var document = JsonNode.Parse(json)!.AsObject();
            documents.Add(document["event"]!["id"]!.GetValue<string>(), WithoutLogPath(document));
        }

        Assert.True(documents.Count > 200, "the generated log should make a few hundred documents");
        Assert.Contains(documents.Values, d => d["event"]!["dataset"]!.GetValue<string>() == "cisco_esa.connection");
        return documents;
    }

    private int Delivered() => _es.DocumentCount(Stream) + _es.DocumentCount(ConnectionStream);

    private static JsonObject WithoutLogPath(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("log");
        return copy;
    }
}

using System.Globalization;
using System.Text.Json;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary><c>esabridge ship</c> against the Elasticsearch double over loopback HTTP, with the real client.</summary>
public sealed class ElasticsearchShipTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";
    private const string ConnectionStream = "logs-cisco_esa.connection-default";
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-ship-").FullName;
    private ElasticsearchDouble _es = null!;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    private string DeadLetters => Path.Combine(_dir, "dead.ndjson");

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "c2VjcmV0" });
        var setup = CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()], environment: Env);
        Assert.Equal(0, setup.ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ShippingTheSameFileTwiceLeavesOneDocumentPerMessage()
    {
        var first = Ship();
        var second = Ship();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Contains("35 documents sent, 35 created, 0 already present", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("35 documents sent, 0 created, 35 already present", second.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(DeadLetters));
        var doc = _es.Documents(Stream).Values.Single(d => d["cisco"]!["esa"]!["mid"]!.GetValue<long>() == 1404);
        Assert.Equal("connection_lost", doc["cisco"]!["esa"]!["abort"]!["class"]!.GetValue<string>());
        Assert.Equal("192.168.0.200", doc["source"]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShipWarnsOnceWhenTheIndexTemplateIsMissingAndNotWhenSetupInstalledIt()
    {
        await using var bare = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "c2VjcmV0" });
        var before = CliRun.Of(["ship", "--no-connections", Sample, "--es-url", bare.Url.ToString(), "--dead-letter", DeadLetters], environment: Env);
        var after = Ship();

        const string Warning = "esabridge: warning: the index template logs-cisco_esa.session is not installed, so logs-cisco_esa.session-default gets Elasticsearch's default mappings: run esabridge setup elasticsearch, then roll the data stream over (POST logs-cisco_esa.session-default/_rollover) if it exists already";
        const string ConnectionWarning = "esabridge: warning: the index template logs-cisco_esa.connection is not installed, so logs-cisco_esa.connection-default gets Elasticsearch's default mappings: run esabridge setup elasticsearch, then roll the data stream over (POST logs-cisco_esa.connection-default/_rollover) if it exists already";
        Assert.Equal(0, before.ExitCode);
        Assert.Single(before.Stderr.Split('\n'), l => l == Warning);
        Assert.Single(before.Stderr.Split('\n'), l => l == ConnectionWarning);
        Assert.Equal(0, after.ExitCode);
        Assert.DoesNotContain("warning: the index template", after.Stderr, StringComparison.Ordinal);
    }

    /// <summary>One request carries both kinds; each document lands in the data stream of its <c>event.dataset</c>,
    /// made from its own index template (the double checks each document against that template's mappings), and sending
    /// the same documents again adds none. The documents go through <c>resend</c>, the same output as <c>ship</c>.</summary>
    [Fact]
    public async Task SessionAndConnectionDocumentsLandInTheirOwnDataStreams()
    {
        var sessions = CliRun.Of(["parse", Sample, "--no-connections"]).StdoutLines.Take(3).ToList();
        string[] documents = [sessions[0], ConnectionDocument("c0nnect10n0000000000000000000001", 10293), sessions[1], ConnectionDocument("c0nnect10n0000000000000000000002", 10294), sessions[2]];
        File.WriteAllLines(DeadLetters, documents.Select(d => DeadLetter(d)));

        var first = CliRun.Of(["resend", DeadLetters, "--es-url", _es.Url.ToString(), "--retry-for", "5s"], environment: Env);
        File.WriteAllLines(DeadLetters, documents.Select(d => DeadLetter(d)));
        var second = CliRun.Of(["resend", DeadLetters, "--es-url", _es.Url.ToString(), "--retry-for", "5s"], environment: Env);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(2, Bulks().Count);
        Assert.Equal(3, _es.DocumentCount(Stream));
        Assert.Equal(2, _es.DocumentCount(ConnectionStream));
        Assert.All(_es.Documents(Stream).Values, d => Assert.Equal("cisco_esa.session", (string?)d["event"]!["dataset"]));
        Assert.Equal([10293L, 10294L], _es.Documents(ConnectionStream).Values.Select(d => (long)d["cisco"]!["esa"]!["icid"]!).Order());
        Assert.Contains("5 delivered and removed, 0 refused again", second.Stderr, StringComparison.Ordinal);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("ApiKey", "c2VjcmV0");
        var streams = JsonDocument.Parse(await client.GetStringAsync(new Uri(_es.Url, "/_data_stream/logs-cisco_esa.*"))).RootElement.GetProperty("data_streams");
        Assert.Equal(
            [(ConnectionStream, "logs-cisco_esa.connection"), (Stream, "logs-cisco_esa.session")],
            streams.EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("template").GetString()!)).Order());
    }

    [Fact]
    public void ShippingAnotherProductsLogSaysSoInOneLineAndExitsOne()
    {
        string dpkg = Path.Combine(_dir, "dpkg.log");
        File.WriteAllText(dpkg, "2025-06-24 14:36:25 startup archives unpack\n2025-06-24 14:36:25 status installed libc-bin:amd64 2.36\n");

        var run = CliRun.Of(["ship", "--no-connections", dpkg, "--es-url", _es.Url.ToString(), "--dead-letter", DeadLetters], environment: Env);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "esabridge: nothing in the input looks like a Cisco ESA mail log (2 lines read: 0 not used, 2 malformed, none a mail log line); give the appliance's text mail logs (mail_logs)",
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(Bulks());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void WholeRequestFailuresAreRetriedUntilEverythingIsDelivered(int status)
    {
        _es.Faults.FailNextBulk(status, times: 2);

        var run = Ship("--es-batch-docs", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Contains("35 created", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 retried", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EachRetryKindIsPrintedAsItHappens()
    {
        _es.Faults.FailNextBulk(503, times: 2);
        _es.Faults.DropNextBulk(times: 1);

        var run = Ship("--es-batch-docs", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("esabridge: elasticsearch: HTTP 503", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("esabridge: elasticsearch: network error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(" documents again in ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(35, _es.DocumentCount(Stream));
    }

    [Fact]
    public void AClusterThatIsNotThereIsOneClearLineAtStart()
    {
        int port = Service.LoopbackPort.Free();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = CliRun.Of(["ship", "--no-connections", Sample, "--es-url", $"http://127.0.0.1:{port}", "--dead-letter", DeadLetters], environment: Env);

        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains($"esabridge: Elasticsearch at http://127.0.0.1:{port}/ cannot be reached: Connection refused", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is --es-url its address", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(DeadLetters));
    }

    [Fact]
    public void DroppedConnectionsAreRetried()
    {
        _es.Faults.DropNextBulk(times: 2);

        var run = Ship("--es-batch-docs", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(35, _es.DocumentCount(Stream));
    }

    [Fact]
    public void ItemLevel429IsRetriedForThoseItemsOnly()
    {
        _es.Faults.RejectItemsOnce(id => id.EndsWith('0') || id.EndsWith('7'));

        var run = Ship();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Contains("35 created", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLargeRequestsAreSplitAndAnOversizedDocumentIsDeadLettered()
    {
        _es.Options.MaxRequestBytes = 6_000;

        var run = Ship("--es-batch-docs", "100");

        Assert.Equal(35, _es.DocumentCount(Stream) + DeadLetterLines().Length);
        Assert.All(DeadLetterLines(), l => Assert.Equal(413, l.GetProperty("status").GetInt32()));
        Assert.Equal(DeadLetterLines().Length == 0 ? 0 : 1, run.ExitCode);
    }

    [Fact]
    public void RejectedDocumentsGoToTheDeadLetterFileWithTheServersReason()
    {
        _es.Faults.RejectItemsAlways(doc =>
            doc["cisco"]!["esa"]!["mid"]!.GetValue<long>() == 1412 ? "failed to parse field [cisco.esa.mid]" : null);

        var run = Ship();

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(34, _es.DocumentCount(Stream));
        var letter = Assert.Single(DeadLetterLines());
        Assert.Equal(400, letter.GetProperty("status").GetInt32());
        Assert.Contains("document_parsing_exception", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("failed to parse field", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1412, letter.GetProperty("document").GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64());
        Assert.Contains("1 dead-lettered", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutageLongerThanRetryForEndsInTheDeadLetterFileNotInLoss()
    {
        _es.Faults.FailAll(503);

        var run = Ship("--retry-for", "2s");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(0, _es.DocumentCount(Stream));
        var letters = DeadLetterLines();
        Assert.Equal(35, letters.Length);
        Assert.All(letters, l => Assert.Contains("not delivered within", l.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void WrongCredentialsStopAtOnceWithTheServersReason()
    {
        var run = CliRun.Of(["ship", "--no-connections", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", DeadLetters],
            environment: new Dictionary<string, string> { ["ESABRIDGE_ES_API_KEY"] = "d3Jvbmc=" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("security_exception", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _es.DocumentCount(Stream));
    }

    [Fact]
    public void ARequestWithoutTheProductHeaderIsRefused()
    {
        _es.Options.SendProductHeader = false;

        var run = Ship();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not a supported distribution of Elasticsearch", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Bulks());
        Assert.Equal(0, _es.DocumentCount(Stream));
    }

    [Fact]
    public void RequestBodiesAreGzippedUnlessTurnedOff()
    {
        Assert.Equal(0, Ship().ExitCode);
        Assert.NotEmpty(Bulks());
        Assert.All(Bulks(), r => Assert.Equal("gzip", r.Headers["Content-Encoding"]));

        int before = Bulks().Count;
        Assert.Equal(0, Ship("--es-compression", "false").ExitCode);
        Assert.All(Bulks().Skip(before), r => Assert.False(r.Headers.ContainsKey("Content-Encoding")));
    }

    [Fact]
    public void BulkAnswersAreTrimmedToEachItemsStatusAndErrorWithFilterPath()
    {
        Assert.Equal(0, Ship("--es-batch-docs", "10").ExitCode);
        _es.Faults.RejectItemsAlways(doc =>
            doc["cisco"]!["esa"]!["mid"]!.GetValue<long>() == 1412 ? "failed to parse field [cisco.esa.mid]" : null);

        var second = Ship("--es-batch-docs", "10");

        Assert.Equal(8, Bulks().Count);
        Assert.All(Bulks(), r => Assert.EndsWith("/_bulk?filter_path=items.*.status,items.*.error.type,items.*.error.reason", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains("34 already present, 0 retried, 1 dead-lettered", second.Stderr, StringComparison.Ordinal);
        var letter = Assert.Single(DeadLetterLines());
        Assert.Equal("document_parsing_exception: failed to parse field [cisco.esa.mid]", letter.GetProperty("reason").GetString());
    }

    /// <summary>A gzipped body is made ahead of its sending (while the batches before it are out) and goes with its
    /// length; an uncompressed one is streamed. Either way every document arrives once, and the mark that tells our
    /// gzip handler a body is gzipped already never leaves the process.</summary>
    [Fact]
    public void BodiesAreGzippedAheadOrStreamedAndEveryDocumentArrivesWhateverTheBatchSize()
    {
        Assert.Equal(0, Ship("--es-batch-docs", "1").ExitCode);
        Assert.Equal(0, Ship("--es-batch-docs", "7", "--es-compression", "false").ExitCode);

        var gzipped = Bulks().Take(35).ToList();
        var streamed = Bulks().Skip(35).ToList();
        Assert.Equal(5, streamed.Count);
        Assert.All(gzipped, r => Assert.Equal("gzip", r.Headers["Content-Encoding"]));
        Assert.All(gzipped, r => Assert.True(long.Parse(r.Headers["Content-Length"], CultureInfo.InvariantCulture) > 0));
        Assert.All(gzipped, r => Assert.False(r.Headers.ContainsKey("Transfer-Encoding")));
        Assert.All(streamed, r => Assert.Equal("chunked", r.Headers["Transfer-Encoding"]));
        Assert.All(streamed, r => Assert.False(r.Headers.ContainsKey("Content-Encoding")));
        Assert.All(Bulks(), r => Assert.DoesNotContain(r.Headers.Keys, name => name.StartsWith("X-EsaBridge", StringComparison.OrdinalIgnoreCase)));
        Assert.All(Bulks(), r => Assert.EndsWith("\n", r.Body, StringComparison.Ordinal));
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Equal(2 * 35 * 2, Bulks().Sum(r => r.Body.Count(c => c == '\n')));
    }

    /// <summary>A whole batch sent again after a failed request goes with the same body made ahead; the documents an
    /// answer asks for again (item 429s) go in a body of their own, gzipped on the way.</summary>
    [Fact]
    public void ABatchSentAgainWholeGoesWithTheSameBodyAndItemsSentAgainWithTheirOwn()
    {
        _es.Faults.FailNextBulk(503);
        _es.Faults.RejectItemsOnce(id => id.EndsWith('0') || id.EndsWith('7'));

        var run = Ship("--es-batch-docs", "40");

        Assert.Equal(0, run.ExitCode);
        var bulks = Bulks();
        Assert.Equal(3, bulks.Count);
        Assert.Equal(503, bulks[0].Status);
        Assert.Equal(bulks[0].Body, bulks[1].Body);
        Assert.Equal(bulks[0].Headers["Content-Length"], bulks[1].Headers["Content-Length"]);
        int retried = bulks[2].Body.Count(c => c == '\n') / 2;
        Assert.InRange(retried, 1, 34);
        Assert.All(Lines(bulks[2].Body).Where((_, i) => i % 2 == 0), action => Assert.Matches("[07]\"}}$", action));
        Assert.Equal("gzip", bulks[2].Headers["Content-Encoding"]);
        Assert.Equal("chunked", bulks[2].Headers["Transfer-Encoding"]);
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Contains("35 documents sent, 35 created, 0 already present", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsAreNeverPrinted()
    {
        var run = Ship();

        Assert.DoesNotContain("c2VjcmV0", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Env => new() { ["ESABRIDGE_ES_API_KEY"] = "c2VjcmV0" };

    /// <summary>A connection document as the contract's "Connection documents" describes it: a connection lost before
    /// any message.</summary>
    private static string ConnectionDocument(string id, long icid) =>
        "{\"@timestamp\":\"2014-08-14T11:05:36Z\",\"event\":{\"id\":\"" + id + "\",\"kind\":\"event\",\"category\":[\"network\",\"email\"]," +
        "\"type\":[\"connection\",\"end\"],\"module\":\"cisco_esa\",\"dataset\":\"cisco_esa.connection\",\"action\":\"connection-lost\",\"outcome\":\"failure\"," +
        "\"start\":\"2014-08-14T11:04:51Z\",\"end\":\"2014-08-14T11:05:36Z\",\"duration\":45000000000}," +
        "\"cisco\":{\"esa\":{\"icid\":" + icid + ",\"mids\":[],\"message_count\":0,\"rejected_recipients\":0," +
        "\"abort\":{\"class\":\"connection_lost\",\"near_timeout\":false,\"idle_seconds\":45}," +
        "\"connection\":{\"policy\":\"ACCEPT\",\"sender_group\":\"UNKNOWNLIST\",\"sbrs\":-1.5,\"country\":\"US\"}}}," +
        "\"source\":{\"ip\":\"192.168.0.200\",\"domain\":\"mail.example.com\"},\"destination\":{\"ip\":\"10.0.0.1\"}," +
        "\"related\":{\"ip\":[\"192.168.0.200\",\"10.0.0.1\"]},\"observer\":{\"hostname\":\"esa1.example.com\"}}";

    private static string DeadLetter(string document) =>
        "{\"output\":\"elasticsearch\",\"reason\":\"test\",\"event_id\":\"" + JsonDocument.Parse(document).RootElement.GetProperty("event").GetProperty("id").GetString() +
        "\",\"document\":" + document + "}";

    private CliRun Ship(params string[] extra) =>
        CliRun.Of(["ship", "--no-connections", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", DeadLetters, .. extra], environment: Env);

    private static string[] Lines(string body) => body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private List<RecordedRequest> Bulks() => _es.Requests.Where(r => r.PathAndQuery.Split('?')[0].EndsWith("/_bulk", StringComparison.Ordinal)).ToList();

    private JsonElement[] DeadLetterLines() => File.Exists(DeadLetters)
        ? File.ReadAllLines(DeadLetters).Select(l => JsonDocument.Parse(l).RootElement).ToArray()
        : [];
}

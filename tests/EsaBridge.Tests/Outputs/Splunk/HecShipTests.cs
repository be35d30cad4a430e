using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary><c>esabridge ship --hec-url</c> against the HEC double over loopback HTTP.</summary>
public sealed class HecShipTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-hec-").FullName;
    private HecDouble _hec = null!;
    private HecShip _ship = null!;

    public async Task InitializeAsync()
    {
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecShip.Token });
        _ship = new HecShip(_hec, _dir);
    }

    public async Task DisposeAsync()
    {
        await _hec.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void EveryDocumentArrivesOnceAsTheContractsSplunkEvent()
    {
        var run = _ship.Run();

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.Equal(35, _hec.EventCount);
        Assert.Contains("splunk-hec: 35 documents sent, 35 created, 0 already present, 0 retried, 0 dead-lettered", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("HEC is healthy (code 17)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("x HTTP 200 Success (code 0)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("/services/collector/health", _hec.Requests[0].PathAndQuery);
        var e = _hec.Events.Single(x => x.Event["internal_message_id"]!.GetValue<long>() == 1404);
        Assert.Equal("cisco:esa:session", e.Envelope["sourcetype"]!.GetValue<string>());
        Assert.EndsWith("esa-mail.log", e.Envelope["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(e.Envelope["index"]);
        Assert.Equal("connection_lost", e.Event["abort_class"]!.GetValue<string>());
        Assert.Equal("blocked", e.Event["action"]!.GetValue<string>());
        Assert.Equal("192.168.0.200", e.Event["src"]!.GetValue<string>());
        Assert.All(_ship.EventPosts(), r => Assert.Equal("gzip", r.Headers["Content-Encoding"]));
        Assert.All(_ship.EventPosts(), r => Assert.Equal("Splunk " + HecShip.Token, r.Headers["Authorization"]));
    }

    [Fact]
    public void EnvelopeFlagsAndPlainBodies()
    {
        var run = _ship.Run("--hec-index", "mail", "--hec-source", "esa-prod", "--hec-sourcetype", "esa:custom", "--hec-compression", "false");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.All(_hec.Events, e =>
        {
            Assert.Equal("mail", e.Envelope["index"]!.GetValue<string>());
            Assert.Equal("esa-prod", e.Envelope["source"]!.GetValue<string>());
            Assert.Equal("esa:custom", e.Envelope["sourcetype"]!.GetValue<string>());
        });
        Assert.All(_ship.EventPosts(), r => Assert.False(r.Headers.ContainsKey("Content-Encoding")));
    }

    [Fact]
    public void BatchesStayWithinTheByteLimit()
    {
        var run = _ship.Run("--hec-batch-bytes", "4KB", "--hec-compression", "false");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.True(_ship.EventPosts().Count >= 8);
        Assert.All(_ship.EventPosts(), r => Assert.True(System.Text.Encoding.UTF8.GetByteCount(r.Body) <= 4096));
    }

    [Theory]
    [InlineData(HecCode.InternalServerError)]
    [InlineData(HecCode.ServerBusy)]
    public void ServerErrorsAreRetriedUntilEveryEventArrivesOnce(HecCode code)
    {
        _hec.Faults.FailNext(code, times: 3);

        var run = _ship.Run("--hec-batch-bytes", "8KB");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.Equal(35, _hec.EventCount);
        Assert.DoesNotContain(" 0 retried", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"(code {(int)code})", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryAfterIsHonoured()
    {
        _hec.Faults.FailNext(HecCode.ServerBusy, retryAfter: TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        var run = _ship.Run();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}");
        Assert.Contains("HTTP 503 Server is busy (code 9); 35 events again in 2.0 s", run.Stderr, StringComparison.Ordinal);
        _ship.AssertEachDocumentOnce();
    }

    [Fact]
    public void DroppedConnectionsAreRetried()
    {
        _hec.Faults.DropNext(times: 2);

        var run = _ship.Run("--hec-batch-bytes", "8KB");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.Equal(35, _hec.EventCount);
        Assert.Contains("network error", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLargeBodiesAreSplitAndAnEventTooLargeAloneIsDeadLettered()
    {
        _hec.Options.MaxContentLength = 1_100;

        var run = _ship.Run("--hec-compression", "false");

        _ship.AssertEachDocumentOnce();
        Assert.True(_hec.EventCount > 0);
        Assert.All(_ship.DeadLetterLines(), l => Assert.Equal(413, l.GetProperty("status").GetInt32()));
        Assert.Equal(_ship.DeadLetterLines().Length == 0 ? 0 : 1, run.ExitCode);
        Assert.Contains(_ship.EventPosts(), r => r.Status == 413);
    }

    [Fact]
    public void AnInvalidEventIsDeadLetteredWithHecsReasonAndOnlyTheEventsAfterItAreResent()
    {
        _hec.Faults.RejectEvents(e => e["event"]!["internal_message_id"]!.GetValue<long>() == 1412 ? HecCode.InvalidDataFormat : null);

        var run = _ship.Run();

        Assert.Equal(1, run.ExitCode);
        _ship.AssertEachDocumentOnce();
        Assert.Equal(34, _hec.EventCount);
        var letter = Assert.Single(_ship.DeadLetterLines());
        Assert.Equal("splunk-hec", letter.GetProperty("output").GetString());
        Assert.Equal(400, letter.GetProperty("status").GetInt32());
        Assert.Contains("Invalid data format (code 6), invalid-event-number", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1412, letter.GetProperty("document").GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64());
        Assert.Contains("34 created", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 dead-lettered", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("esabridge: splunk-hec: HTTP 400 Invalid data format (code 6), invalid-event-number ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexTheTokenMayNotWriteDeadLettersEveryEventWithIncorrectIndex()
    {
        _hec.Options.AllowedIndexes = ["main"];

        var run = _ship.Run("--hec-index", "mail");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(0, _hec.EventCount);
        var letters = _ship.DeadLetterLines();
        Assert.Equal(35, letters.Length);
        Assert.All(letters, l => Assert.Contains("Incorrect index (code 7), invalid-event-number 0", l.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // The index is the whole batch's: one post settles it, not one post per event (a request storm).
        Assert.Single(_ship.EventPosts());
        Assert.Contains("events 0-34 dead-lettered (the index is the whole batch's), 0 after it sent again", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("esabridge: splunk-hec: 35 documents dead-lettered: HEC refused the event: HTTP 400 Incorrect index (code 7)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutageLongerThanRetryForEndsInTheDeadLetterFileNotInLoss()
    {
        _hec.Faults.FailAll(HecCode.ServerBusy);

        var run = _ship.Run("--retry-for", "2s");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(0, _hec.EventCount);
        var letters = _ship.DeadLetterLines();
        Assert.Equal(35, letters.Length);
        Assert.All(letters, l => Assert.Contains("not delivered within 00:00:02: HTTP 503 Server is busy (code 9)", l.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ffffffff-0000-0000-0000-000000000000", false, "HTTP 403 Invalid token (code 4)")]
    [InlineData(HecShip.Token, true, "HTTP 403 Token disabled (code 1)")]
    public void TokenRefusalsStopAtOnceWithHecsText(string token, bool disabled, string expected)
    {
        _hec.Options.TokenDisabled = disabled;

        var run = _ship.RunWith(HecShip.Environment(token), "--hec-batch-bytes", "8KB");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"esabridge: Splunk HEC refused the request: {expected}", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _hec.EventCount);
        Assert.InRange(_ship.EventPosts().Count, 1, 2);
        Assert.DoesNotContain(token, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Empty(_ship.DeadLetterLines());
    }

    [Fact]
    public void ATokenPastedWithItsSplunkPrefixWorks()
    {
        var run = _ship.RunWith(new Dictionary<string, string>(), "--hec-token", "Splunk " + HecShip.Token);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(35, _hec.EventCount);
    }

    [Fact]
    public void TheTokenNeverAppearsInTheOutput()
    {
        _hec.Faults.FailNext(HecCode.ServerBusy);
        _hec.Faults.RejectEvents(e => e["event"]!["internal_message_id"]!.GetValue<long>() == 1412 ? HecCode.EventFieldBlank : null);

        var run = _ship.RunWith(new Dictionary<string, string>(), "--hec-token", HecShip.Token);

        Assert.DoesNotContain(HecShip.Token, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(HecShip.Token, File.ReadAllText(_ship.DeadLetters), StringComparison.Ordinal);
    }

    [Fact]
    public void AHecThatStaysBusyPastRetryForStopsBeforeAnythingIsSent()
    {
        _hec.Options.Health = HecCode.QueuesFull;

        var run = _ship.Run("--retry-for", "2s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HTTP 503 HEC is unhealthy, queues are full (code 18): HEC is busy, asked again in ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"esabridge: Splunk HEC at {_hec.Url} is not healthy: HTTP 503 HEC is unhealthy, queues are full (code 18)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_ship.EventPosts());
    }

    [Theory]
    [InlineData(HecCode.QueuesFull)]
    [InlineData(HecCode.AckServiceUnavailable)]
    [InlineData(HecCode.QueuesFullAndAckServiceUnavailable)]
    public async Task ABusyHecAtStartIsWaitedForWithinRetryFor(HecCode busy)
    {
        _hec.Options.Health = busy;
        var healthy = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            _hec.Options.Health = HecCode.Healthy;
        });

        var run = _ship.Run("--retry-for", "60s");
        await healthy;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"(code {(int)busy}): HEC is busy, asked again in ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("is not healthy", run.Stderr, StringComparison.Ordinal);
        _ship.AssertEachDocumentOnce();
    }

    [Fact]
    public void AnUnreachableHecIsSaidClearly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = Cli.CliRun.Of(
            ["ship", "--no-connections", HecShip.Sample, "--hec-url", $"http://127.0.0.1:{port}", "--dead-letter", _ship.DeadLetters], environment: HecShip.Environment());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"esabridge: Splunk HEC at http://127.0.0.1:{port}/ cannot be reached:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is HEC enabled", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUrlThatIsNotHecIsSaidClearly()
    {
        await using var es = await TestDoubles.Elasticsearch.ElasticsearchDouble.StartAsync();

        var run = Cli.CliRun.Of(["ship", "--no-connections", HecShip.Sample, "--hec-url", es.Url.ToString(), "--dead-letter", _ship.DeadLetters], environment: HecShip.Environment());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"esabridge: {es.Url} did not answer like Splunk HEC (HTTP ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is --hec-url HEC's address", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AHecUrlWithTheCollectorPathStillWorks()
    {
        var run = Cli.CliRun.Of(
            ["ship", "--no-connections", HecShip.Sample, "--hec-url", new Uri(_hec.Url, "services/collector/event").ToString(), "--dead-letter", _ship.DeadLetters],
            environment: HecShip.Environment());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(35, _hec.EventCount);
    }

    [Fact]
    public async Task ARedirectToAnotherServerIsNotFollowedAndNothingIsSentThere()
    {
        var target = new UriBuilder(_hec.Url) { UserName = "svc", Password = "REDIRECT-SECRET" }.Uri;
        await using var redirect = await TestDoubles.Http.RedirectDouble.StartAsync(target, 307);

        var run = Cli.CliRun.Of(["ship", "--no-connections", HecShip.Sample, "--hec-url", redirect.Url.ToString(), "--dead-letter", _ship.DeadLetters], environment: HecShip.Environment());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"answered HTTP 307 redirecting to http://svc:***@127.0.0.1:{_hec.Url.Port}/services/collector/health, another server", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("redirects are not followed and nothing was sent there", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("REDIRECT-SECRET", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_hec.Requests);
        Assert.Equal(0, _hec.EventCount);
    }
}

using EsaBridge.Checkpoints;
using EsaBridge.Service;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>esabridge run</c> tailing a file into Elasticsearch and Splunk HEC at once, secrets from the environment. The
/// checkpoint a restart reads from is committed only for documents both outputs acknowledged: with Elasticsearch down
/// while HEC takes every document, a kill and a restart from it send neither output a document twice (HEC keeps every
/// event it is sent).
/// </summary>
public sealed class RunToBothTests : IAsyncLifetime
{
    private const string Token = "0b2cf1f3-49ab-4c21-9d4b-1f0d2b6a6a17";
    private const string Stream = "logs-cisco_esa.session-default";
    private const int SampleDocuments = 35;
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-both-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    private string State => Path.Combine(_root, "state");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        _es = await ElasticsearchDouble.StartAsync();
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = Token });
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        await _hec.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Every_document_reaches_both_outputs_and_the_token_is_never_printed()
    {
        string config = Path.Combine(_root, "esabridge.json");
        File.WriteAllText(config, $$"""
            { "input": ["{{Path.Combine(_root, "logs", "mail.*")}}"], "host": "esa1.example.com",
              "es-url": ["{{_es.Url}}"], "hec-url": "{{_hec.Url}}", "poll-interval": "50ms" }
            """);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        using (var service = ServiceProcess.StartWith(environment, "--no-connections", "--config", config, "--state-dir", Path.Combine(_root, "state")))
        {
            await UntilBothHold(35, service);

            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Equal(35, _es.DocumentCount(Stream));
            Assert.Equal(35, _hec.EventCount);
            Assert.All(_hec.Events, e => Assert.Equal("esa1.example.com", e.Envelope["host"]!.GetValue<string>()));
            Assert.DoesNotContain(Token, service.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_output_that_takes_a_while_to_connect_gets_every_document_once()
    {
        _hec.Options.HealthDelay = TimeSpan.FromSeconds(2);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        string state = Path.Combine(_root, "state");
        using var service = ServiceProcess.StartWith(
            environment, "--no-connections", "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(),
            "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--state-dir", state);
        await UntilBothHold(35, service);

        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        Assert.Equal(35, _es.DocumentCount(Stream));
        Assert.Equal(35, _hec.EventCount);
    }

    [Fact]
    public async Task An_output_busy_at_start_does_not_stop_the_service_and_gets_everything_once_it_is_healthy()
    {
        _hec.Options.Health = HecCode.QueuesFull;
        _hec.Faults.FailAll(HecCode.ServerBusy);
        CopySample();
        var environment = new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token };
        using var service = ServiceProcess.StartWith(
            environment, "--no-connections", "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(),
            "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--state-dir", Path.Combine(_root, "state"));
        await service.UntilAsync(() => _es.DocumentCount(Stream) == SampleDocuments);
        Assert.Equal(0, _hec.EventCount);
        Assert.Contains("splunk-hec: at start: Splunk HEC at", service.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not healthy: HTTP 503 HEC is unhealthy, queues are full (code 18)", service.Stderr, StringComparison.Ordinal);

        _hec.Options.Health = HecCode.Healthy;
        _hec.Faults.Clear();
        await service.UntilAsync(() => _hec.EventCount == SampleDocuments);

        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        Assert.Equal(SampleDocuments, _es.DocumentCount(Stream));
        Assert.Equal(SampleDocuments, _hec.EventCount);
    }

    [Fact]
    public async Task While_an_output_is_down_the_checkpoint_stays_back_and_a_restart_from_it_sends_nothing_twice()
    {
        await RunUntilHecHasEverythingWithElasticsearchDownThenKill(async () =>
        {
            await Task.Delay(500); // a few more commits and acknowledgements from HEC: none may move the checkpoint
            Assert.Equal(0, Acknowledged()?.SpoolPosition ?? 0);
        });

        await _es.ComeBackAsync();
        using (var second = Start())
        {
            await second.UntilAsync(() => _es.DocumentCount(Stream) >= SampleDocuments);
            await second.UntilAsync(() => Acknowledged()?.SpoolPosition == Spooled()?.SpoolPosition);
            Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Contains($"read again from where every output had acknowledged everything; the {SampleDocuments} documents spooled since", second.Stderr, StringComparison.Ordinal);
            Assert.Contains($"{SampleDocuments} documents made again were already in the spool and were not spooled twice", second.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(SampleDocuments, _es.DocumentCount(Stream));
        Assert.Equal(SampleDocuments, _hec.EventCount);
        Assert.Equal(SampleDocuments, _hec.Events.Select(e => e.Event.ToJsonString()).Distinct().Count());
    }

    [Fact]
    public async Task When_a_file_read_since_that_checkpoint_is_gone_the_restart_uses_the_spool_and_still_sends_everything_once()
    {
        await RunUntilHecHasEverythingWithElasticsearchDownThenKill();

        File.Delete(Path.Combine(_root, "logs", "mail.current")); // rotated away and deleted before the restart: it cannot be read again
        await _es.ComeBackAsync();
        using (var second = Start())
        {
            await second.UntilAsync(() => _es.DocumentCount(Stream) >= SampleDocuments);
            Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Contains("is no longer there to read again", second.Stderr, StringComparison.Ordinal);
            Assert.Contains("from the last spooled checkpoint", second.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(SampleDocuments, _es.DocumentCount(Stream));
        Assert.Equal(SampleDocuments, _hec.EventCount);
    }

    [Fact]
    public async Task A_spool_damaged_after_the_acknowledged_checkpoint_is_cut_and_what_it_held_is_made_again()
    {
        await RunUntilHecHasEverythingWithElasticsearchDownThenKill();

        // A byte flipped half-way through the spool: the records from there on no longer pass their CRC.
        string segment = Directory.GetFiles(Path.Combine(State, "spool"), "*.spool").Single();
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        await _es.ComeBackAsync();
        using (var second = Start())
        {
            await second.UntilAsync(() => _es.DocumentCount(Stream) >= SampleDocuments);
            Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));
        }

        // Nothing is lost: the documents of the damaged part were made again from the log. HEC, which had them, is
        // sent them again (its position lay past the cut); it holds no other document twice.
        Assert.Equal(SampleDocuments, _es.DocumentCount(Stream));
        Assert.Equal(SampleDocuments, _hec.Events.Select(e => e.Event.ToJsonString()).Distinct().Count());
        Assert.InRange(_hec.EventCount, SampleDocuments + 1, 2 * SampleDocuments - 1);
    }

    /// <summary>
    /// The sample read with Elasticsearch down until HEC has acknowledged every document, then a kill -9 (after
    /// <paramref name="beforeKill"/>): the spool holds everything, the acknowledged checkpoint nothing.
    /// </summary>
    private async Task RunUntilHecHasEverythingWithElasticsearchDownThenKill(Func<Task>? beforeKill = null)
    {
        await _es.GoDownAsync();
        CopySample();
        using var first = Start();
        await UntilHecAcknowledgedAll(first);
        if (beforeKill is not null)
        {
            await beforeKill();
        }

        first.Kill();
    }

    /// <summary>HEC holds every document and its position says so (a kill before that resends the batch in flight, by design).</summary>
    private async Task UntilHecAcknowledgedAll(ServiceProcess service)
    {
        await service.UntilAsync(() => _hec.EventCount >= SampleDocuments && Spooled()?.SpoolPosition > 0);
        string position = Path.Combine(State, "outputs", "splunk-hec.position");
        await service.UntilAsync(() => File.Exists(position) && BitConverter.ToInt64(File.ReadAllBytes(position)) == Spooled()!.SpoolPosition);
    }

    private Checkpoint? Acknowledged() => Checkpoint.Load(Checkpoint.AcknowledgedPath(State));

    private Checkpoint? Spooled() => Checkpoint.Load(Checkpoint.SpooledPath(State));

    private ServiceProcess Start() => ServiceProcess.StartWith(
        new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token },
        "--no-connections", "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--state-dir", State,
        "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--status-interval", "1h");

    private void CopySample() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Path.Combine(_root, "logs", "mail.current"));

    /// <summary>Waits (at most a minute) until Elasticsearch and HEC each hold <paramref name="documents"/>, the service running.</summary>
    private async Task UntilBothHold(int documents, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((_es.DocumentCount(Stream) < documents || _hec.EventCount < documents) && DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            await Task.Delay(50);
        }
    }
}

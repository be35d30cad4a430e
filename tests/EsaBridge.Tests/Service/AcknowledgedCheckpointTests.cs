using EsaBridge.Service;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Service;

/// <summary>
/// The checkpoint a restart reads from is committed only for documents every output acknowledged. Elasticsearch is down
/// while HEC takes every document; the service is killed; at the restart it reads again from that checkpoint, and
/// neither output receives a document twice: HEC, which keeps every event it is sent, ends with each one once.
/// </summary>
public sealed class AcknowledgedCheckpointTests : IAsyncLifetime
{
    private const string Token = "5c1f0b7e-9a57-4a61-b1a4-8f3e2d6c9b10";
    private const string Stream = "logs-cisco_esa.session-default";
    private const int SampleDocuments = 35;
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-acked-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    private string State => Path.Combine(_root, "state");

    private string Log => Path.Combine(_root, "logs", "mail.current");

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
    public async Task While_an_output_is_down_the_checkpoint_stays_back_and_a_restart_from_it_sends_nothing_twice()
    {
        await _es.GoDownAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Log);
        using (var first = Start())
        {
            await UntilHecAcknowledgedAll(first);
            await Task.Delay(500); // a few more commits and acknowledgements from HEC: none may move the checkpoint
            Assert.Equal(0, Acknowledged()?.SpoolPosition ?? 0);
            first.Kill();
        }

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
        await _es.GoDownAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Log);
        using (var first = Start())
        {
            await UntilHecAcknowledgedAll(first);
            first.Kill();
        }

        File.Delete(Log); // rotated away and deleted before the restart: it cannot be read again
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
        "--input", Path.Combine(_root, "logs", "mail.*"), "--host", "esa1.example.com", "--state-dir", State,
        "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(), "--poll-interval", "50ms", "--status-interval", "1h");
}

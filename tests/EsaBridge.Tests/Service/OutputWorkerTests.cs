using EsaBridge.Core.Documents;
using EsaBridge.Delivery;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Spool;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.Delivery;
using EsaBridge.Tests.Sessions;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Tests.Service;

/// <summary>An output fed from the spool: outages are waited out, acknowledged positions survive restarts.</summary>
public sealed class OutputWorkerTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-worker-").FullName;
    private ElasticsearchDouble _es = null!;

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync();
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Everything_spooled_while_Elasticsearch_is_down_is_delivered_in_full_when_it_comes_back()
    {
        var records = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log")).Records;
        using var spool = new DocumentSpool(Path.Combine(_dir, "spool"));
        using var deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));
        await using var output = Output(deadLetters);
        var worker = new OutputWorker(Engine(output, deadLetters), spool, Path.Combine(_dir, "outputs"), Log);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        foreach (var record in records.Take(10))
        {
            spool.Append(record.EventId, EcsJson.ToUtf8(record));
        }

        spool.Commit();
        await Until(() => _es.DocumentCount(Stream) == 10);

        await _es.GoDownAsync();
        foreach (var record in records.Skip(10))
        {
            spool.Append(record.EventId, EcsJson.ToUtf8(record));
        }

        long end = spool.Commit();
        await Until(() => output.Counters.Retried >= 2);
        Assert.True(worker.Position < end, "nothing counts as delivered while the server is down");

        await _es.ComeBackAsync();
        await Until(() => worker.Position == end);
        stop.Cancel();
        await running;

        Assert.Equal(records.Count, _es.DocumentCount(Stream));
        Assert.Equal(records.Select(r => r.EventId).Order(), _es.Documents(Stream).Keys.Order());
        Assert.Equal(0, deadLetters.Count);
    }

    [Fact]
    public async Task A_restarted_worker_resumes_after_the_last_acknowledged_batch()
    {
        var records = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log")).Records;
        using var spool = new DocumentSpool(Path.Combine(_dir, "spool"));
        using var deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));
        long end;
        await using (var first = Output(deadLetters))
        {
            var worker = new OutputWorker(Engine(first, deadLetters), spool, Path.Combine(_dir, "outputs"), Log);
            foreach (var record in records)
            {
                spool.Append(record.EventId, EcsJson.ToUtf8(record));
            }

            end = spool.Commit();
            using var stop = new CancellationTokenSource();
            var running = worker.RunAsync(stop.Token);
            await Until(() => worker.Position == end);
            stop.Cancel();
            await running;
        }

        await using var second = Output(deadLetters);
        var restarted = new OutputWorker(Engine(second, deadLetters), spool, Path.Combine(_dir, "outputs"), Log);

        Assert.Equal(end, restarted.Position);
        Assert.Equal(0, deadLetters.Count);
        Assert.Equal(records.Count, _es.DocumentCount(Stream));
    }

    [Fact]
    public async Task A_position_the_full_disk_will_not_take_does_not_stop_delivery_and_is_saved_once_there_is_room()
    {
        var records = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log")).Records;
        var disk = new FillingDisk(free: 0);
        using var spool = new DocumentSpool(Path.Combine(_dir, "spool"));
        using var deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));
        await using var output = Output(deadLetters);
        string cursor = Path.Combine(_dir, "outputs", "elasticsearch.position");
        var worker = new OutputWorker(Engine(output, deadLetters), spool, Path.Combine(_dir, "outputs"), Log, disk);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        foreach (var record in records.Take(10))
        {
            spool.Append(record.EventId, EcsJson.ToUtf8(record));
        }

        long first = spool.Commit();
        await Until(() => worker.Position == first);
        Assert.Equal(10, _es.DocumentCount(Stream));
        Assert.False(File.Exists(cursor), "the full disk took no position");

        disk.Free = 1 << 20;
        foreach (var record in records.Skip(10))
        {
            spool.Append(record.EventId, EcsJson.ToUtf8(record));
        }

        long end = spool.Commit();
        await Until(() => worker.Position == end && File.Exists(cursor));
        stop.Cancel();
        await running;

        Assert.Equal(end, BitConverter.ToInt64(File.ReadAllBytes(cursor)));
        Assert.Equal(records.Count, _es.DocumentCount(Stream));
    }

    private static ILogger Log => new EsaBridge.Logging.TextWriterLoggerProvider(Console.Error).CreateLogger("test");

    /// <summary>The service's policy (waits outages out, keeps trying refusals), with short delays.</summary>
    private static DeliveryEngine Engine(ElasticsearchOutput output, DeadLetterFile deadLetters) => new(
        output, new DeliveryPolicy(TimeSpan.FromDays(365), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), KeepTryingRefused: true), deadLetters);

    private ElasticsearchOutput Output(DeadLetterFile deadLetters) => new(
        new ElasticsearchSettings
        {
            Urls = [_es.Url],
            BatchDocuments = 5,
            RetryFor = TimeSpan.FromDays(365),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        });

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(20);
        }
    }
}

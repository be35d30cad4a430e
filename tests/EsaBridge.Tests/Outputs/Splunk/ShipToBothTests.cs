using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>One <c>ship</c> run feeding Elasticsearch and Splunk HEC at once, each with its own summary.</summary>
public sealed class ShipToBothTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-both-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    private static Dictionary<string, string> Environment => new() { ["ESABRIDGE_ES_API_KEY"] = "c2VjcmV0", ["ESABRIDGE_HEC_TOKEN"] = HecShip.Token };

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "c2VjcmV0" });
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecShip.Token });
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()], environment: Environment).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        await _hec.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void EveryDocumentReachesBothOutputs()
    {
        _hec.Faults.FailNext(HecCode.ServerBusy);
        _es.Faults.FailNextBulk(503);

        var run = Ship();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(35, _es.DocumentCount("logs-cisco_esa.session-default"));
        Assert.Equal(35, _hec.EventCount);
        Assert.Equal(_es.Documents("logs-cisco_esa.session-default").Keys.Order(), _hec.Events.Select(e => e.EventId!).Order());
        Assert.Contains("esabridge: elasticsearch: 35 documents sent, 35 created", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("esabridge: splunk-hec: 35 documents sent, 35 created", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(HecShip.Token, run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void OneOutputRejectingADocumentMakesTheRunFailWhileTheOtherHasIt()
    {
        _hec.Faults.RejectEvents(e => e["event"]?["internal_message_id"]?.GetValue<long>() == 1404 ? HecCode.InvalidDataFormat : null);

        var run = Ship();

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(35, _es.DocumentCount("logs-cisco_esa.session-default"));
        Assert.Equal(34, _hec.EventCount);
        Assert.Contains("splunk-hec: 35 documents sent, 34 created", run.Stderr, StringComparison.Ordinal);
    }

    private CliRun Ship() => CliRun.Of(
        ["ship", HecShip.Sample, "--no-connections", "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson")],
        environment: Environment);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary>Connection documents shipped to the Elasticsearch double: their ids make a replay harmless.</summary>
public sealed class ConnectionShipTests : IAsyncLifetime
{
    /// <summary>Where the documents may land: the session stream, or the connections' own once the index routes by dataset.</summary>
    private static readonly string[] Streams = ["logs-cisco_esa.session-default", "logs-cisco_esa.connection-default"];

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-ship-connections-").FullName;
    private ElasticsearchDouble _es = null!;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    private static Dictionary<string, string> Env => new() { ["ESABRIDGE_ES_API_KEY"] = "c2VjcmV0" };

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "c2VjcmV0" });
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()], environment: Env).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ShippingTheSameFileTwiceLeavesOneConnectionDocumentPerIcid()
    {
        var parsed = CliRun.Of(["parse", Sample]).StdoutLines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(d => d.GetProperty("event").GetProperty("dataset").GetString() == "cisco_esa.connection")
            .Select(d => d.GetProperty("cisco").GetProperty("esa").GetProperty("icid").GetInt64())
            .ToList();

        Assert.Equal(0, Ship().ExitCode);
        Assert.Equal(0, Ship().ExitCode);

        var shipped = Streams.SelectMany(s => _es.Documents(s).Values)
            .Where(d => d["event"]!["dataset"]!.GetValue<string>() == "cisco_esa.connection")
            .ToList();
        Assert.True(parsed.Count > 10, $"only {parsed.Count} connection documents in the sample");
        Assert.Equal(parsed.Count, parsed.Distinct().Count());
        Assert.Equal(parsed.Order(), shipped.Select(Icid).Order());
        Assert.False(File.Exists(Path.Combine(_dir, "dead.ndjson")));
    }

    [Fact]
    public void NoConnectionsShipsSessionDocumentsOnly()
    {
        Assert.Equal(0, Ship("--no-connections").ExitCode);

        var shipped = Streams.SelectMany(s => _es.Documents(s).Values).ToList();
        Assert.Equal(35, shipped.Count);
        Assert.All(shipped, d => Assert.Equal("cisco_esa.session", d["event"]!["dataset"]!.GetValue<string>()));
    }

    private static long Icid(JsonObject document) => document["cisco"]!["esa"]!["icid"]!.GetValue<long>();

    private CliRun Ship(params string[] extra) =>
        CliRun.Of(["ship", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson"), .. extra], environment: Env);
}

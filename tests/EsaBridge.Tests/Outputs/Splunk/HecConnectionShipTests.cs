using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>
/// <c>esabridge ship --hec-url</c> with connection documents on (the default): HEC has no document ids, so instead of a
/// replay this checks that each connection arrives exactly once, under its own sourcetype, beside one session event per
/// MID, with the CIM Network Traffic keys the Splunk app's <c>[cisco:esa:connection]</c> stanza and data model expect.
/// </summary>
public sealed class HecConnectionShipTests : IAsyncLifetime
{
    private const string Appliance = "esa1.example.com";

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-hec-connections-").FullName;
    private HecDouble _hec = null!;

    public async Task InitializeAsync() =>
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecShip.Token });

    public async Task DisposeAsync()
    {
        await _hec.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Each_connection_arrives_once_as_a_network_event_beside_one_session_event_per_message()
    {
        var parsed = CliRun.Of(["parse", HecShip.Sample, "--host", Appliance]).StdoutLines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var connections = parsed.Where(d => Dataset(d) == "cisco_esa.connection").ToDictionary(d => Number(d["cisco"]!["esa"]!["icid"]));
        var mids = parsed.Where(d => Dataset(d) == "cisco_esa.session").Select(d => Number(d["cisco"]!["esa"]!["mid"])).ToList();
        Assert.True(connections.Count > 10, $"only {connections.Count} connection documents in the sample");
        Assert.Contains(connections.Values, d => Text(d["event"]!["action"]) == "connection-rejected");
        Assert.Contains(connections.Values, d => d["cisco"]!["esa"]!["mids"] is null);

        var run = CliRun.Of(
            ["ship", HecShip.Sample, "--host", Appliance, "--hec-url", _hec.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson")],
            environment: HecShip.Environment());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "dead.ndjson")));
        var events = _hec.Events.ToLookup(e => Text(e.Envelope["sourcetype"]));
        Assert.Equal(["cisco:esa:connection", "cisco:esa:session"], events.Select(g => g.Key).Order(StringComparer.Ordinal));
        Assert.Equal(mids.Order(), events["cisco:esa:session"].Select(e => Number(e.Event["internal_message_id"])).Order());

        var shipped = events["cisco:esa:connection"].ToList();
        Assert.Equal(connections.Keys.Order(), shipped.Select(e => Number(e.Event["icid"])).Order());
        Assert.All(shipped, e => AssertNetworkEvent(e, connections[Number(e.Event["icid"])]));
    }

    /// <summary>The CIM Network Traffic keys (and the app's EVALs' inputs) carry what the connection document says.</summary>
    private static void AssertNetworkEvent(IndexedEvent e, JsonObject document)
    {
        var ev = e.Event;
        string ending = Text(document["event"]!["action"]);
        Assert.Equal(Appliance, Text(e.Envelope["host"]));
        Assert.Equal(Text(document["source"]!["ip"]), Text(ev["src"]));
        Assert.Equal(Text(document["source"]!["ip"]), Text(ev["src_ip"]));
        Assert.Equal(Text(document["destination"]!["ip"]), Text(ev["dest"]));
        Assert.Equal(Text(document["destination"]!["ip"]), Text(ev["dest_ip"]));
        Assert.Equal(ending == "connection-rejected" ? "blocked" : "teardown", Text(ev["action"]));
        Assert.Equal(ending, Text(ev["ending"]));
        Assert.Equal(Number(document["cisco"]!["esa"]!["duration_seconds"]), Number(ev["duration"]));
        Assert.Equal(Number(document["cisco"]!["esa"]!["icid"]), Number(ev["session_id"]));
        Assert.Equal(("tcp", "smtp"), (Text(ev["transport"]), Text(ev["protocol"])));
        Assert.False(string.IsNullOrEmpty(Text(ev["vendor_product"])));
        Assert.Equal(Text(document["event"]!["id"]), e.EventId);
        Assert.Equal(Text(document["cisco"]!["esa"]!["abort"]!["class"]), Text(ev["abort_class"]));
        Assert.Equal(Text(document["cisco"]!["esa"]!["connection"]!["policy"]), Text(ev["policy"]));
        Assert.Equal(Number(document["cisco"]!["esa"]!["message_count"]), Number(ev["message_count"]));
        Assert.Equal(
            document["cisco"]!["esa"]!["mids"]?.AsArray().Select(Number) ?? [],
            ev["internal_message_id"]?.AsArray().Select(Number) ?? []);
    }

    private static string? Dataset(JsonObject document) => Text(document["event"]!["dataset"]);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static long Number(JsonNode? node) => node!.GetValue<long>();
}

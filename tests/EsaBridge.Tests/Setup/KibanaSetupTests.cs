using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Kibana;

namespace EsaBridge.Tests.Setup;

/// <summary>
/// <c>setup kibana</c> run again and into a second space, against the Kibana double's import semantics: the data view a
/// user edited is kept, the dashboards are overwritten, and the ids Kibana gives objects in another space are printed.
/// </summary>
public sealed class KibanaSetupTests : IAsyncLifetime
{
    private const string ApiKey = "kb";
    private static readonly Dictionary<string, string> Environment = new() { ["ESABRIDGE_KIBANA_API_KEY"] = ApiKey };
    private KibanaDouble _kibana = null!;

    public async Task InitializeAsync() =>
        _kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = ApiKey, Spaces = ["default", "ops"] });

    public async Task DisposeAsync() => await _kibana.DisposeAsync();

    [Fact]
    public async Task ASecondRunKeepsTheDataViewAUserEditedAndOverwritesTheDashboards()
    {
        Assert.Equal(0, Setup().ExitCode);
        const string formats = "{\"source.ip\":{\"id\":\"url\"}}";
        await PutAsync($"index-pattern/{ShippedAssets.DataViewId}", new JsonObject { ["fieldFormatMap"] = formats });
        await PutAsync("dashboard/esabridge-receiving-aborts", new JsonObject { ["title"] = "renamed by someone" });

        var again = Setup();

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(
            [$"index-pattern {ShippedAssets.DataViewId}: unchanged", $"index-pattern {ShippedAssets.ConnectionDataViewId}: unchanged", "dashboard esabridge-connections-firewalls: imported",
             "dashboard esabridge-receiving-aborts: imported", "dashboard esabridge-sessions-overview: imported", "dashboard esabridge-threats-verdicts: imported"],
            again.StdoutLines);
        var objects = _kibana.ImportedObjects;
        Assert.Equal(formats, (string)objects[$"index-pattern:{ShippedAssets.DataViewId}"]["attributes"]!["fieldFormatMap"]!);
        Assert.Equal("ESA receiving aborts", (string)objects["dashboard:esabridge-receiving-aborts"]["attributes"]!["title"]!);
        var imports = _kibana.Requests.Where(r => r.PathAndQuery.Contains("/_import", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, imports.Count);
        Assert.Contains("\"title\":\"logs-cisco_esa.connection-*\"", imports[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"logs-cisco_esa.session-*\"", imports[1].Body, StringComparison.Ordinal);
        Assert.All(imports.Skip(2), r => Assert.DoesNotContain("\"title\":\"logs-cisco_esa.", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InASecondSpaceKibanaGivesNewIdsWhichAreReportedAndKeptOnTheNextRun()
    {
        Assert.Equal(0, Setup().ExitCode);

        var first = Setup("--space", "ops");

        Assert.Equal(0, first.ExitCode);
        var ops = _kibana.ImportedObjectsIn("ops");
        var views = ops.Values.Where(o => (string)o["type"]! == "index-pattern").ToDictionary(o => o["originId"]!.ToString(), o => o["id"]!.ToString());
        Assert.Equal(ShippedAssets.DataViewIds.Order(), views.Keys.Order());
        string viewId = views[ShippedAssets.DataViewId];
        Assert.NotEqual(ShippedAssets.DataViewId, viewId);
        Assert.Contains($"index-pattern {ShippedAssets.DataViewId} (id in this space: {viewId}): imported", first.StdoutLines);
        var dashboards = ops.Values.Where(o => (string)o["type"]! == "dashboard").ToList();
        Assert.Equal(4, dashboards.Count);
        foreach (var dashboard in dashboards)
        {
            string origin = dashboard["originId"]!.ToString();
            string expectedView = views[origin == "esabridge-connections-firewalls" ? ShippedAssets.ConnectionDataViewId : ShippedAssets.DataViewId];
            Assert.Contains($"dashboard {origin} (id in this space: {dashboard["id"]}): imported", first.StdoutLines);
            Assert.All(((JsonArray)dashboard["references"]!).Where(r => (string)r!["type"]! == "index-pattern"), r => Assert.Equal(expectedView, (string)r!["id"]!));
        }

        await PutAsync($"index-pattern/{viewId}", new JsonObject { ["fieldFormatMap"] = "{}" }, "ops");
        var second = Setup("--space", "ops");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"index-pattern {ShippedAssets.DataViewId} (id in this space: {viewId}): unchanged", second.StdoutLines[0]);
        Assert.Equal(ops.Keys.Order(StringComparer.Ordinal), _kibana.ImportedObjectsIn("ops").Keys.Order(StringComparer.Ordinal));
        Assert.Equal("{}", (string)_kibana.ImportedObjectsIn("ops")[$"index-pattern:{viewId}"]["attributes"]!["fieldFormatMap"]!);
        Assert.Equal(ShippedAssets.DataViewIds.Count + ShippedAssets.KibanaDashboards.Count, _kibana.ImportedObjects.Count);
    }

    private CliRun Setup(params string[] more) =>
        CliRun.Of(["setup", "kibana", "--kibana-url", _kibana.Url.ToString(), .. more], environment: Environment);

    /// <summary>What Kibana's UI sends when a user edits a saved object.</summary>
    private async Task PutAsync(string typeAndId, JsonObject attributes, string? space = null)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        http.DefaultRequestHeaders.Add("kbn-xsrf", "true");
        string prefix = space is null ? string.Empty : $"s/{space}/";
        using var content = new StringContent(new JsonObject { ["attributes"] = attributes }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(_kibana.Url, $"{prefix}api/saved_objects/{typeAndId}"), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Kibana;

namespace EsaBridge.Tests.Setup;

/// <summary><c>export dashboards</c> as configuration.md recommends it: one file for Saved objects → Import.</summary>
public class ExportDashboardsTests
{
    [Fact]
    public void Every_saved_object_is_printed_once()
    {
        var keys = CliRun.Of(["export", "dashboards"]).StdoutLines
            .Select(l => JsonNode.Parse(l)!)
            .Select(o => $"{o["type"]}:{o["id"]}")
            .ToList();

        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(["index-pattern:esabridge-connection", "index-pattern:esabridge-session"], keys.Where(k => k.StartsWith("index-pattern:", StringComparison.Ordinal)).Order());
        Assert.Equal(4, keys.Count(k => k.StartsWith("dashboard:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Kibanas_import_takes_the_export_as_one_file()
    {
        var export = CliRun.Of(["export", "dashboards"]);
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "kb" });
        using var http = new HttpClient { BaseAddress = kibana.Url, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "kb");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(export.Stdout));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
        form.Add(file, "file", "esabridge-dashboards.ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/saved_objects/_import?overwrite=true") { Content = form };
        request.Headers.Add("kbn-xsrf", "true");

        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.True(JsonNode.Parse(text)!["success"]!.GetValue<bool>(), text);
        Assert.Equal(export.StdoutLines.Length, kibana.ImportedObjects.Count);
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Kibana;

namespace EsaBridge.Tests.Doubles;

/// <summary>The Kibana double's status and saved objects import rules, exercised with HttpClient and multipart uploads.</summary>
public sealed class KibanaImportTests
{
    private const string DataView = """{"id":"esa-dv","type":"index-pattern","attributes":{"title":"logs-cisco_esa.session-*","timeFieldName":"@timestamp"},"references":[],"coreMigrationVersion":"8.8.0","typeMigrationVersion":"8.0.0","managed":false}""";
    private const string Dashboard = """{"id":"esa-aborts","type":"dashboard","attributes":{"title":"ESA receiving aborts","panelsJSON":"[]"},"references":[{"name":"p1:indexpattern-datasource-layer-l1","type":"index-pattern","id":"esa-dv"}],"coreMigrationVersion":"8.8.0"}""";
    private const string Summary = """{"excludedObjects":[],"excludedObjectsCount":0,"exportedCount":2,"missingRefCount":0,"missingReferences":[]}""";

    [Fact]
    public async Task Status_reports_the_version_and_an_available_overall_level()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);

        var reply = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "/api/status"));

        Assert.Equal(200, reply.Code);
        Assert.Equal("kibana", reply.Json["name"]!.ToString());
        Assert.Equal("8.11.0", reply.Json["version"]!["number"]!.ToString());
        Assert.Equal("available", reply.Json["status"]!["overall"]!["level"]!.ToString());
    }

    [Fact]
    public async Task Without_kbn_xsrf_the_import_is_refused_with_400()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);

        var reply = await SendAsync(http, Import(Lines(DataView), "export.ndjson", xsrf: false));

        Assert.Equal(400, reply.Code);
        Assert.Equal("""{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}""", reply.Text);
        Assert.Empty(kibana.ImportedObjects);
    }

    [Fact]
    public async Task A_file_name_other_than_ndjson_and_a_body_that_is_not_multipart_are_refused()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);
        var json = new HttpRequestMessage(HttpMethod.Post, "/api/saved_objects/_import?overwrite=true") { Content = new StringContent(DataView, Encoding.UTF8, "application/json") };
        json.Headers.Add("kbn-xsrf", "true");

        var wrongName = await SendAsync(http, Import(Lines(DataView), "export.json"));
        var notMultipart = await SendAsync(http, json);

        Assert.Equal((400, "Invalid file extension .json"), (wrongName.Code, wrongName.Json["message"]!.ToString()));
        Assert.Equal("""{"statusCode":415,"error":"Unsupported Media Type","message":"Unsupported Media Type"}""", notMultipart.Text);
        Assert.Empty(kibana.ImportedObjects);
    }

    [Fact]
    public async Task A_missing_reference_fails_that_object_with_HTTP_200_while_the_others_are_imported()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);
        string tag = """{"id":"t1","type":"tag","attributes":{"name":"esa","color":"#000000"},"references":[]}""";

        var reply = await SendAsync(http, Import(Lines(Dashboard, tag), "dashboards.ndjson"));

        Assert.Equal(200, reply.Code);
        Assert.False(reply.Json["success"]!.GetValue<bool>());
        Assert.Equal(1, reply.Json["successCount"]!.GetValue<int>());
        var error = Assert.Single(reply.Json["errors"]!.AsArray())!;
        Assert.Equal(("esa-aborts", "dashboard", "ESA receiving aborts"), (error["id"]!.ToString(), error["type"]!.ToString(), error["title"]!.ToString()));
        Assert.Equal("""{"type":"missing_references","references":[{"type":"index-pattern","id":"esa-dv"}]}""", error["error"]!.ToJsonString());
        Assert.Equal(["tag:t1"], kibana.ImportedObjects.Keys);
    }

    [Fact]
    public async Task A_valid_export_imports_into_a_space_and_references_may_resolve_to_earlier_imports()
    {
        await using var kibana = await StartAsync(o => o.Spaces = ["default", "mail"]);
        using var http = Client(kibana);

        var first = await SendAsync(http, Import(Lines(DataView, Summary), "data-view.ndjson", space: "mail"));
        var second = await SendAsync(http, Import(Lines(Dashboard), "dashboards.ndjson", space: "mail"));
        var unknownSpace = await SendAsync(http, Import(Lines(DataView), "data-view.ndjson", space: "nope"));

        Assert.True(first.Json["success"]!.GetValue<bool>());
        Assert.Equal("indexPatternApp", first.Json["successResults"]![0]!["meta"]!["icon"]!.ToString());
        Assert.True(second.Json["success"]!.GetValue<bool>());
        Assert.Null(second.Json["errors"]);
        Assert.Equal(["dashboard:esa-aborts", "index-pattern:esa-dv"], kibana.ImportedObjectsIn("mail").Keys.Order());
        Assert.Empty(kibana.ImportedObjects);
        Assert.Equal(404, unknownSpace.Code);
    }

    [Fact]
    public async Task Without_overwrite_an_existing_object_is_a_conflict_and_with_it_is_replaced()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);
        await SendAsync(http, Import(Lines(DataView), "a.ndjson"));

        var conflict = await SendAsync(http, Import(Lines(DataView), "a.ndjson", overwrite: false));
        var replaced = await SendAsync(http, Import(Lines(DataView), "a.ndjson"));

        Assert.Equal(200, conflict.Code);
        Assert.Equal("conflict", conflict.Json["errors"]![0]!["error"]!["type"]!.ToString());
        Assert.True(replaced.Json["successResults"]![0]!["overwrite"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Objects_from_a_newer_Kibana_are_refused()
    {
        await using var kibana = await StartAsync();
        using var http = Client(kibana);
        var newer = JsonNode.Parse(DataView)!.AsObject();
        newer["coreMigrationVersion"] = "8.15.0";

        var reply = await SendAsync(http, Import(Lines(newer.ToJsonString()), "a.ndjson"));

        Assert.Equal(400, reply.Code);
        Assert.Equal("Document \"esa-dv\" belongs to a more recent version of Kibana [8.15.0] when the last known version is [8.11.0].", reply.Json["message"]!.ToString());
    }

    [Fact]
    public async Task Credentials_are_required_when_configured()
    {
        await using var kibana = await StartAsync();
        using var anonymous = new HttpClient { BaseAddress = kibana.Url };
        using var wrong = new HttpClient { BaseAddress = kibana.Url };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "wrong");

        var none = await SendAsync(anonymous, new HttpRequestMessage(HttpMethod.Get, "/api/status"));
        var bad = await SendAsync(wrong, Import(Lines(DataView), "a.ndjson"));

        Assert.Equal("""{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}""", none.Text);
        Assert.Equal(401, bad.Code);
        Assert.Contains("unable to authenticate with provided credentials", bad.Json["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(kibana.ImportedObjects);
    }

    private static Task<KibanaDouble> StartAsync(Action<KibanaDoubleOptions>? configure = null)
    {
        var options = new KibanaDoubleOptions { ApiKey = "kb" };
        configure?.Invoke(options);
        return KibanaDouble.StartAsync(options);
    }

    private static HttpClient Client(KibanaDouble kibana)
    {
        var http = new HttpClient { BaseAddress = kibana.Url, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "kb");
        return http;
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    private static HttpRequestMessage Import(string ndjson, string fileName, bool xsrf = true, string? space = null, bool overwrite = true)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ndjson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
        form.Add(file, "file", fileName);
        string prefix = space is null ? string.Empty : "/s/" + space;
        var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/api/saved_objects/_import{(overwrite ? "?overwrite=true" : string.Empty)}") { Content = form };
        if (xsrf)
        {
            request.Headers.Add("kbn-xsrf", "true");
        }

        return request;
    }

    private static async Task<Reply> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            return new Reply(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using EsaBridge.Setup.Splunk;
using EsaBridge.Tests.TestDoubles.SplunkManagement;

namespace EsaBridge.Tests.Doubles;

/// <summary>The splunkd double answers like splunkd: its 401s, 404s, 409s and 400s, in JSON or XML as asked.</summary>
public class SplunkManagementDoubleTests
{
    private const string Basic = "Basic YWRtaW46Y2hhbmdlbWU="; // admin:changeme, the double's default

    [Fact]
    public async Task NoCredentialsIsAWarnInXmlUnlessJsonIsAsked()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync();
        using var raw = new RawHttp(splunk.Url, authorization: null);

        var xml = await raw.SendAsync("GET", "services/apps/local/search");
        var json = await raw.SendAsync("GET", "services/apps/local/search?output_mode=json");

        Assert.Equal(HttpStatusCode.Unauthorized, xml.Status);
        Assert.Equal("Basic realm=\"/splunk\"", xml.Headers.WwwAuthenticate.ToString());
        var msg = Assert.Single(XDocument.Parse(xml.Text).Root!.Element("messages")!.Elements("msg"));
        Assert.Equal("WARN", (string?)msg.Attribute("type"));
        Assert.Equal("call not properly authenticated", msg.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, json.Status);
        Assert.Equal("""{"messages":[{"type":"WARN","text":"call not properly authenticated"}]}""", json.Text);
        Assert.Equal("WARN: call not properly authenticated", SplunkMessages.Of(xml.Text));
        Assert.Equal("WARN: call not properly authenticated", SplunkMessages.Of(json.Text));
    }

    [Theory]
    [InlineData("Basic YWRtaW46d3Jvbmc=", "ERROR", "Unauthorized")]
    [InlineData("Negotiate abc", "ERROR", "Unauthorized")]
    [InlineData("Bearer not-a-token", "WARN", "call not properly authenticated")]
    [InlineData("Splunk not-a-session-key", "WARN", "call not properly authenticated")]
    public async Task WrongCredentialsAnswerByScheme(string authorization, string type, string text)
    {
        await using var splunk = await SplunkManagementDouble.StartAsync();
        using var raw = new RawHttp(splunk.Url, authorization);

        var reply = await raw.SendAsync("GET", "servicesNS/nobody/search/data/ui/views?output_mode=json");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(new JsonObject { ["type"] = type, ["text"] = text }.ToJsonString(), JsonNode.Parse(reply.Text)!["messages"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task CreateTwiceIsAConflictAndAMissingObjectIsNotFound()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync();
        using var raw = new RawHttp(splunk.Url, Basic);
        string form = "name=esa_test&eai:data=" + Uri.EscapeDataString("<dashboard version=\"1.1\"><label>t</label></dashboard>");

        var missing = await raw.SendAsync("GET", "servicesNS/nobody/search/data/ui/views/esa_test?output_mode=json");
        var created = await raw.SendAsync("POST", "servicesNS/nobody/search/data/ui/views?output_mode=json", form, "application/x-www-form-urlencoded");
        var again = await raw.SendAsync("POST", "servicesNS/nobody/search/data/ui/views?output_mode=json", form, "application/x-www-form-urlencoded");
        var renamed = await raw.SendAsync("POST", "servicesNS/nobody/search/data/ui/views/esa_test?output_mode=json", "name=other", "application/x-www-form-urlencoded");
        var broken = await raw.SendAsync("POST", "servicesNS/nobody/search/data/ui/views/esa_test?output_mode=json", "eai:data=%3Cdashboard", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("""{"messages":[{"type":"ERROR","text":"Could not find object id=esa_test"}]}""", missing.Text);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var entry = JsonNode.Parse(created.Text)!["entry"]![0]!;
        Assert.Equal("esa_test", (string?)entry["name"]);
        Assert.Equal("app", (string?)entry["acl"]!["sharing"]);
        Assert.StartsWith("<dashboard", (string?)entry["content"]!["eai:data"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ERROR: An object with name=esa_test already exists", SplunkMessages.Of(again.Text));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.Status);
        Assert.Equal("ERROR: Argument \"name\" is not supported by this handler.", SplunkMessages.Of(renamed.Text));
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
    }

    [Fact]
    public async Task ConfStanzaNamesKeepTheirColonsAndEqualsSignsAndAclSharesThem()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync();
        using var raw = new RawHttp(splunk.Url, Basic);

        var created = await raw.SendAsync("POST", "servicesNS/nobody/search/configs/conf-tags?output_mode=json", "name=eventtype%3Dx&email=enabled", "application/x-www-form-urlencoded");
        var read = await raw.SendAsync("GET", "servicesNS/nobody/search/configs/conf-tags/eventtype%3Dx?output_mode=json");
        var shared = await raw.SendAsync("POST", "servicesNS/nobody/search/configs/conf-tags/eventtype%3Dx/acl?output_mode=json", "sharing=global&owner=nobody", "application/x-www-form-urlencoded");
        var elsewhere = await raw.SendAsync("GET", "servicesNS/nobody/launcher/configs/conf-tags/eventtype%3Dx?output_mode=json");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("enabled", (string?)JsonNode.Parse(read.Text)!["entry"]![0]!["content"]!["email"]);
        Assert.Equal("global", (string?)JsonNode.Parse(shared.Text)!["entry"]![0]!["acl"]!["sharing"]);
        Assert.Equal(HttpStatusCode.OK, elsewhere.Status);
    }

    [Fact]
    public async Task AppsAreListedCreatedOnceAndComeWithANavigation()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync();
        using var raw = new RawHttp(splunk.Url, Basic);

        var created = await raw.SendAsync("POST", "services/apps/local?output_mode=json", "name=esabridge&label=EsaBridge&visible=true", "application/x-www-form-urlencoded");
        var again = await raw.SendAsync("POST", "services/apps/local?output_mode=json", "name=esabridge", "application/x-www-form-urlencoded");
        var nav = await raw.SendAsync("GET", "servicesNS/nobody/esabridge/data/ui/nav/default?output_mode=json");
        var noApp = await raw.SendAsync("GET", "servicesNS/nobody/nosuchapp/data/ui/views/x?output_mode=json");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(HttpStatusCode.OK, nav.Status);
        Assert.Equal(HttpStatusCode.NotFound, noApp.Status);
        Assert.Contains("esabridge", splunk.InstalledApps);
    }
}

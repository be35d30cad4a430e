using System.Net;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>
/// A splunkd answer: a feed of entries or a list of messages, rendered as JSON with <c>output_mode=json</c> and as
/// XML otherwise (Atom feed for entries, <c>&lt;response&gt;&lt;messages&gt;</c> for messages), as splunkd does.
/// </summary>
internal sealed record SplunkAnswer(int Status, IReadOnlyList<SplunkObject> Entries, IReadOnlyList<(string Type, string Text)> Messages)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The collection path the entries live under, e.g. <c>/servicesNS/nobody/search/data/ui/views</c>.</summary>
    public string Origin { get; init; } = "/services";

    public static SplunkAnswer Feed(int status, string origin, params SplunkObject[] entries) => new(status, entries, []) { Origin = origin };

    public static SplunkAnswer Error(int status, string text, string type = "ERROR") => new(status, [], [(type, text)]);

    public static SplunkAnswer NotFound(string id) => Error(404, $"Could not find object id={id}");

    public string ContentType(bool json) => json ? "application/json; charset=UTF-8" : "text/xml; charset=UTF-8";

    public string Render(bool json, string version, Uri server) => json ? RenderJson(version, server) : RenderXml(server);

    private string RenderJson(string version, Uri server)
    {
        var messages = new JsonArray([.. Messages.Select(m => (JsonNode)new JsonObject { ["type"] = m.Type, ["text"] = m.Text })]);
        if (Entries.Count == 0 && Status >= 400)
        {
            return new JsonObject { ["messages"] = messages }.ToJsonString();
        }

        var entries = new JsonArray();
        foreach (var e in Entries)
        {
            var content = new JsonObject { ["disabled"] = false, ["eai:appName"] = e.App, ["eai:userName"] = e.Owner };
            foreach (var (key, value) in e.Content)
            {
                content[key] = value;
            }

            entries.Add(new JsonObject
            {
                ["name"] = e.Name,
                ["id"] = new Uri(server, $"{Origin.TrimStart('/')}/{WebUtility.UrlEncode(e.Name)}").ToString(),
                ["updated"] = "2026-01-01T00:00:00+00:00",
                ["author"] = e.Owner,
                ["acl"] = new JsonObject
                {
                    ["app"] = e.App,
                    ["can_change_perms"] = true,
                    ["can_list"] = true,
                    ["can_share_app"] = true,
                    ["can_share_global"] = true,
                    ["can_share_user"] = true,
                    ["can_write"] = true,
                    ["modifiable"] = true,
                    ["owner"] = e.Owner,
                    ["perms"] = new JsonObject { ["read"] = new JsonArray([.. e.ReadRoles.Select(r => (JsonNode)r)]), ["write"] = new JsonArray([.. e.WriteRoles.Select(r => (JsonNode)r)]) },
                    ["removable"] = true,
                    ["sharing"] = e.Sharing,
                },
                ["content"] = content,
            });
        }

        return new JsonObject
        {
            ["links"] = new JsonObject { ["create"] = $"{Origin}/_new" },
            ["origin"] = new Uri(server, Origin.TrimStart('/')).ToString(),
            ["updated"] = "2026-01-01T00:00:00+00:00",
            ["generator"] = new JsonObject { ["build"] = "0", ["version"] = version },
            ["entry"] = entries,
            ["paging"] = new JsonObject { ["total"] = Entries.Count, ["perPage"] = 30, ["offset"] = 0 },
            ["messages"] = messages,
        }.ToJsonString();
    }

    private string RenderXml(Uri server)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (Entries.Count == 0 && Status >= 400)
        {
            xml.Append("<response>\n  <messages>\n");
            foreach (var (type, text) in Messages)
            {
                xml.Append($"    <msg type=\"{type}\">{SecurityElement.Escape(text)}</msg>\n");
            }

            return xml.Append("  </messages>\n</response>\n").ToString();
        }

        xml.Append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:s=\"http://dev.splunk.com/ns/rest\">\n");
        xml.Append($"  <id>{SecurityElement.Escape(new Uri(server, Origin.TrimStart('/')).ToString())}</id>\n");
        foreach (var e in Entries)
        {
            xml.Append($"  <entry>\n    <title>{SecurityElement.Escape(e.Name)}</title>\n    <content type=\"text/xml\">\n      <s:dict>\n");
            foreach (var (key, value) in e.Content)
            {
                xml.Append($"        <s:key name=\"{SecurityElement.Escape(key)}\">{SecurityElement.Escape(value)}</s:key>\n");
            }

            xml.Append("      </s:dict>\n    </content>\n  </entry>\n");
        }

        return xml.Append("</feed>\n").ToString();
    }
}

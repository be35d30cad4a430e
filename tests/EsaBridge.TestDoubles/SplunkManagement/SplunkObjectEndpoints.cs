using System.Xml;
using System.Xml.Linq;

namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>
/// The entity collections the app uses, with splunkd's rules: <c>POST</c> on a collection creates (409
/// "An object with name=... already exists" when the app has it), <c>POST</c> on an entity updates (404 when
/// missing; <c>name</c> refused), <c>POST .../acl</c> shares, <c>GET</c> reads (404 "Could not find object id=...").
/// Conf collections (<c>configs/conf-*</c>) take any key; views and navs take <c>eai:data</c>, which must be XML.
/// </summary>
internal sealed class SplunkObjectEndpoints(SplunkStore store)
{
    public SplunkAnswer Handle(string method, string app, string collection, string? name, bool acl, ILookup<string, string> form)
    {
        string origin = $"/servicesNS/nobody/{app}/{collection}";
        lock (store.Gate)
        {
            if (store.App(app) is null)
            {
                // splunkd refuses a namespace whose app is not installed (wording not measured).
                return SplunkAnswer.Error(404, $"Application does not exist: {app}");
            }

            if (name is null)
            {
                return method switch
                {
                    "GET" => SplunkAnswer.Feed(200, origin, [.. store.List(collection, app)]),
                    "POST" => Create(app, collection, form, origin),
                    _ => SplunkAnswer.Error(405, "Method Not Allowed"),
                };
            }

            return (method, acl) switch
            {
                ("GET", false) => store.Find(collection, app, name) is { } found ? SplunkAnswer.Feed(200, origin, found) : SplunkAnswer.NotFound(name),
                ("POST", false) => Update(app, collection, name, form, origin),
                ("POST", true) => Share(app, collection, name, form, origin),
                ("DELETE", false) => store.Remove(collection, app, name) ? SplunkAnswer.Feed(200, origin) : SplunkAnswer.NotFound(name),
                _ => SplunkAnswer.Error(405, "Method Not Allowed"),
            };
        }
    }

    private SplunkAnswer Create(string app, string collection, ILookup<string, string> form, string origin)
    {
        string? name = form["name"].LastOrDefault();
        if (string.IsNullOrEmpty(name))
        {
            return SplunkAnswer.Error(400, "Argument \"name\" is required");
        }

        if (store.Own(collection, app, name) is not null)
        {
            return SplunkAnswer.Error(409, $"An object with name={name} already exists");
        }

        if (Refused(collection, form, creating: true) is { } refusal)
        {
            return refusal;
        }

        var created = store.Add(collection, app, name);
        Apply(created, form);
        return SplunkAnswer.Feed(201, origin, created);
    }

    private SplunkAnswer Update(string app, string collection, string name, ILookup<string, string> form, string origin)
    {
        if (store.Find(collection, app, name) is not { } existing)
        {
            return SplunkAnswer.NotFound(name);
        }

        if (form.Contains("name"))
        {
            return SplunkAnswer.Error(400, "Argument \"name\" is not supported by this handler.");
        }

        if (Refused(collection, form, creating: false) is { } refusal)
        {
            return refusal;
        }

        Apply(existing, form);
        existing.Revision++;
        return SplunkAnswer.Feed(200, origin, existing);
    }

    private SplunkAnswer Share(string app, string collection, string name, ILookup<string, string> form, string origin)
    {
        if (store.Find(collection, app, name) is not { } existing)
        {
            return SplunkAnswer.NotFound(name);
        }

        string? sharing = form["sharing"].LastOrDefault();
        if (sharing is not ("user" or "app" or "global"))
        {
            return SplunkAnswer.Error(400, sharing is null ? "Argument \"sharing\" is required" : $"Invalid sharing value: {sharing}");
        }

        existing.Sharing = sharing;
        existing.Owner = form["owner"].LastOrDefault() ?? existing.Owner;
        Replace(existing.ReadRoles, form["perms.read"]);
        Replace(existing.WriteRoles, form["perms.write"]);
        return SplunkAnswer.Feed(200, origin, existing);
    }

    private static SplunkAnswer? Refused(string collection, ILookup<string, string> form, bool creating)
    {
        if (!collection.StartsWith("data/ui/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var argument in form.Select(g => g.Key).Where(k => k is not ("eai:data" or "name")))
        {
            return SplunkAnswer.Error(400, $"Argument \"{argument}\" is not supported by this handler.");
        }

        string? xml = form["eai:data"].LastOrDefault();
        if (xml is null)
        {
            return creating ? SplunkAnswer.Error(400, "Argument \"eai:data\" is required") : null;
        }

        try
        {
            XDocument.Parse(xml);
            return null;
        }
        catch (XmlException e)
        {
            return SplunkAnswer.Error(400, $"Error parsing XML: {e.Message}");
        }
    }

    private static void Apply(SplunkObject target, ILookup<string, string> form)
    {
        foreach (var group in form.Where(g => g.Key != "name"))
        {
            target.Content[group.Key] = group.Last();
        }
    }

    private static void Replace(List<string> roles, IEnumerable<string> given)
    {
        var values = given.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (values.Count > 0)
        {
            roles.Clear();
            roles.AddRange(values);
        }
    }
}

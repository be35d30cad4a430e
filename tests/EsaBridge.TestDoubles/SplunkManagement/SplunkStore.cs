namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>
/// What splunkd holds: installed apps and, per collection (<c>configs/conf-props</c>, <c>data/ui/views</c>, ...),
/// the objects of each app. An app context sees its own objects and the globally shared ones of other apps.
/// </summary>
internal sealed class SplunkStore
{
    private readonly Dictionary<string, SplunkObject> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Collection, string App, string Name), SplunkObject> _objects = [];

    public Lock Gate { get; } = new();

    public IEnumerable<SplunkObject> Apps => _apps.Values;

    public SplunkObject? App(string name) => _apps.GetValueOrDefault(name);

    public SplunkObject AddApp(string name, string label)
    {
        var app = new SplunkObject(name, name) { Revision = 1 };
        app.Content["label"] = label;
        app.Content["visible"] = "1";
        app.Content["configured"] = "0";
        _apps[name] = app;

        // A new app from the barebones template comes with a navigation of its own.
        var nav = Add("data/ui/nav", name, "default");
        nav.Content["eai:data"] = "<nav search_view=\"search\">\n  <view name=\"search\" default=\"true\" />\n  <view name=\"dashboards\" />\n</nav>\n";
        return app;
    }

    /// <summary>The object seen from an app context: the app's own, else one shared globally by another app.</summary>
    public SplunkObject? Find(string collection, string app, string name) =>
        _objects.GetValueOrDefault((collection, app, name))
        ?? _objects.Where(o => o.Key.Collection == collection && o.Key.Name == name && o.Value.Sharing == "global").Select(o => o.Value).FirstOrDefault();

    public SplunkObject? Own(string collection, string app, string name) => _objects.GetValueOrDefault((collection, app, name));

    public IReadOnlyList<SplunkObject> List(string collection, string app) =>
        [.. _objects.Where(o => o.Key.Collection == collection && (o.Key.App == app || o.Value.Sharing == "global")).Select(o => o.Value).OrderBy(o => o.Name, StringComparer.Ordinal)];

    public SplunkObject Add(string collection, string app, string name)
    {
        var created = new SplunkObject(app, name) { Revision = 1 };
        _objects[(collection, app, name)] = created;
        return created;
    }

    public bool Remove(string collection, string app, string name) => _objects.Remove((collection, app, name));

    /// <summary>Every object of a collection in one app, by name (for assertions).</summary>
    public IReadOnlyDictionary<string, SplunkObject> Snapshot(string collection, string app) =>
        _objects.Where(o => o.Key.Collection == collection && o.Key.App == app).ToDictionary(o => o.Key.Name, o => o.Value, StringComparer.Ordinal);
}

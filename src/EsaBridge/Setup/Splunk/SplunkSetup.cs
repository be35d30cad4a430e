using EsaBridge.Setup.Assets;

namespace EsaBridge.Setup.Splunk;

/// <summary>Installs the shipped Splunk app through splunkd's REST API, object by object, so a search head that cannot
/// take a package upload (or a user without the install_apps capability) still gets it: the app, then the search-time
/// configuration (props, event type, tags, index macro, alerts) through <c>configs/conf-{file}</c>, then the dashboards
/// and the navigation through <c>data/ui</c>. Each object is read first and only created or updated when it differs, so
/// a second run changes nothing and says so.</summary>
internal sealed class SplunkSetup(SplunkSettings settings, SplunkRestClient client)
{
    /// <summary>Conf files in install order: what a later file's objects rely on comes first.</summary>
    private static readonly string[] ConfFiles = ["props", "eventtypes", "tags", "macros", "savedsearches"];

    /// <summary>Conf files whose objects other apps need too (the CIM data model, the Search app): shared globally.</summary>
    private static readonly HashSet<string> GlobalFiles = new(StringComparer.Ordinal) { "props", "eventtypes", "tags", "macros" };

    /// <summary>Simple XML in the app: the dashboards first, then the navigation that names them.</summary>
    private static readonly (string Kind, string Folder)[] UiFolders = [("view", "default/data/ui/views/"), ("nav", "default/data/ui/nav/")];

    private const string IndexMacro = "esa_index";

    private string Namespace => $"servicesNS/nobody/{Uri.EscapeDataString(settings.App)}/";

    public async Task<IReadOnlyList<SetupStep>> RunAsync(CancellationToken cancellation)
    {
        var steps = new List<SetupStep> { await EnsureAppAsync(cancellation).ConfigureAwait(false) };
        foreach (string file in ConfFiles)
        {
            foreach (var stanza in ConfFile.Parse(AppText($"default/{file}.conf")))
            {
                steps.Add(await EnsureStanzaAsync(file, stanza, cancellation).ConfigureAwait(false));
            }
        }

        foreach (var (kind, folder) in UiFolders)
        {
            foreach (var file in ShippedAssets.SplunkApp.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal) && f.Path.EndsWith(".xml", StringComparison.Ordinal)))
            {
                string name = file.Path[folder.Length..^".xml".Length];
                steps.Add(await EnsureUiAsync(kind, name, file.Text, cancellation).ConfigureAwait(false));
            }
        }

        return steps;
    }

    private async Task<SetupStep> EnsureAppAsync(CancellationToken cancellation)
    {
        string path = $"services/apps/local/{Uri.EscapeDataString(settings.App)}";
        if (await client.GetAsync(path, cancellation).ConfigureAwait(false) is not null)
        {
            return new SetupStep("app", settings.App, SetupChange.Unchanged);
        }

        var app = ConfFile.Parse(AppText("default/app.conf")).ToDictionary(s => s.Name, s => s.Settings);
        string Setting(string stanza, string key, string fallback) =>
            app.TryGetValue(stanza, out var values) && values.FirstOrDefault(v => v.Key == key).Value is string value ? value : fallback;

        await client.PostAsync("services/apps/local",
            [
                KeyValuePair.Create("name", settings.App),
                KeyValuePair.Create("label", Setting("ui", "label", settings.App)),
                KeyValuePair.Create("visible", "true"),
                KeyValuePair.Create("author", Setting("launcher", "author", "EsaBridge")),
                KeyValuePair.Create("version", Setting("launcher", "version", "1.0.0")),
                KeyValuePair.Create("description", Setting("launcher", "description", string.Empty)),
            ],
            cancellation).ConfigureAwait(false);
        return new SetupStep("app", settings.App, SetupChange.Created);
    }

    private async Task<SetupStep> EnsureStanzaAsync(string file, ConfStanza stanza, CancellationToken cancellation)
    {
        string collection = $"{Namespace}configs/conf-{file}";
        string path = $"{collection}/{Uri.EscapeDataString(stanza.Name)}";
        // Alerts open their results in the app they live in, whatever it is called here.
        var wanted = stanza.Settings
            .Select(s => s.Key == "request.ui_dispatch_app" ? KeyValuePair.Create(s.Key, settings.App) : s)
            .ToList();
        var existing = await client.GetAsync(path, cancellation).ConfigureAwait(false);
        bool isIndexMacro = file == "macros" && stanza.Name == IndexMacro;
        if (isIndexMacro && settings.Index is not null)
        {
            wanted = [.. wanted.Where(s => s.Key != "definition"), KeyValuePair.Create("definition", $"index={settings.Index}")];
        }
        else if (isIndexMacro && existing is not null)
        {
            // The index is the user's choice, made after the first install: keep it.
            wanted = [.. wanted.Where(s => s.Key != "definition")];
        }

        var change = SetupChange.Unchanged;
        if (existing is null)
        {
            existing = await client.PostAsync(collection, [KeyValuePair.Create("name", stanza.Name), .. wanted], cancellation).ConfigureAwait(false);
            change = SetupChange.Created;
        }
        else if (wanted.Any(s => !existing.Content.TryGetValue(s.Key, out string? actual) || !SameValue(s.Value, actual)))
        {
            existing = await client.PostAsync(path, wanted, cancellation).ConfigureAwait(false);
            change = SetupChange.Updated;
        }

        if (GlobalFiles.Contains(file) && existing?.Sharing != "global")
        {
            await client.PostAsync($"{path}/acl",
                [KeyValuePair.Create("sharing", "global"), KeyValuePair.Create("owner", "nobody"), KeyValuePair.Create("perms.read", "*"), KeyValuePair.Create("perms.write", "admin,power")],
                cancellation).ConfigureAwait(false);
            change = change == SetupChange.Unchanged ? SetupChange.Updated : change;
        }

        return new SetupStep(Singular(file), stanza.Name, change);
    }

    private async Task<SetupStep> EnsureUiAsync(string kind, string name, string xml, CancellationToken cancellation)
    {
        string collection = $"{Namespace}data/ui/{(kind == "view" ? "views" : "nav")}";
        string path = $"{collection}/{Uri.EscapeDataString(name)}";
        var existing = await client.GetAsync(path, cancellation).ConfigureAwait(false);
        if (existing is null)
        {
            await client.PostAsync(collection, [KeyValuePair.Create("name", name), KeyValuePair.Create("eai:data", xml)], cancellation).ConfigureAwait(false);
            return new SetupStep(kind, name, SetupChange.Created);
        }

        if (existing.Content.TryGetValue("eai:data", out string? current) && Normalize(current) == Normalize(xml))
        {
            return new SetupStep(kind, name, SetupChange.Unchanged);
        }

        await client.PostAsync(path, [KeyValuePair.Create("eai:data", xml)], cancellation).ConfigureAwait(false);
        return new SetupStep(kind, name, SetupChange.Updated);
    }

    private static string AppText(string path) =>
        ShippedAssets.SplunkApp.Single(f => f.Path == path).Text;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>Splunk writes booleans as it was given them but reads 1/true/yes/on alike; so do we.</summary>
    private static bool SameValue(string wanted, string actual) =>
        Normalize(wanted) == Normalize(actual) || (Boolean(wanted) is bool w && Boolean(actual) is bool a && w == a);

    private static bool? Boolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "t" or "yes" or "y" or "on" => true,
        "0" or "false" or "f" or "no" or "n" or "off" => false,
        _ => null,
    };

    private static string Singular(string file) => file switch
    {
        "eventtypes" => "eventtype",
        "tags" => "tags",
        "savedsearches" => "savedsearch",
        "macros" => "macro",
        _ => file,
    };
}

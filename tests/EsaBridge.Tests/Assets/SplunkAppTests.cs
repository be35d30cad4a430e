using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// The Splunk app, checked as Splunk and its users would: every view is Simple XML 1.1 with the Kibana dashboards'
/// panels, every search starts from the index macro and the sourcetype, every field a search reads exists on the
/// events EsaBridge really writes (or is made by props.conf or by the search itself), and the .conf files parse and
/// wire the events into the CIM Email data model.
/// </summary>
public partial class SplunkAppTests
{
    private const string Sourcetype = "cisco:esa:session";
    private const string ConnectionSourcetype = "cisco:esa:connection";
    private const string ConnectionView = "default/data/ui/views/esa_connections_firewalls.xml";
    private const string IndexMacro = "esa_index";

    /// <summary>The Kibana control fields and the Splunk fields the same dropdowns filter on.</summary>
    private static readonly Dictionary<string, string> ControlFields = new(StringComparer.Ordinal)
    {
        ["cisco.esa.abort.class"] = "abort_class",
        ["observer.hostname"] = "host",
        ["event.outcome"] = "action",
        ["cisco.esa.verdict.spam"] = "spam_verdict",
        ["cisco.esa.disposition"] = "disposition",
        ["event.action"] = "ending",
    };

    public static TheoryData<string> Views() => [.. ViewFiles().Select(f => f.Path)];

    [Fact]
    public void TheAppShipsItsFilesUnderOneFolderNamedAfterItsId()
    {
        var paths = ShippedAssets.SplunkApp.Select(f => f.Path).ToList();
        var app = Conf("default/app.conf");

        Assert.Equal("esabridge", ShippedAssets.SplunkAppName);
        Assert.Equal(ShippedAssets.SplunkAppName, app["package"]["id"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", app["launcher"]["version"]);
        Assert.Equal("true", app["ui"]["is_visible"]);
        Assert.Equal("EsaBridge", app["ui"]["label"]);
        foreach (string required in (string[])["default/app.conf", "default/props.conf", "default/eventtypes.conf", "default/tags.conf",
                     "default/macros.conf", "default/savedsearches.conf", "metadata/default.meta", "README.md"])
        {
            Assert.Contains(required, paths);
        }

        Assert.Equal([ConnectionView, "default/data/ui/views/esa_receiving_aborts.xml", "default/data/ui/views/esa_sessions_overview.xml", "default/data/ui/views/esa_threats_verdicts.xml"], ViewFiles().Select(f => f.Path));
        Assert.All(paths, p => Assert.Matches(@"^(default|metadata)/[a-z0-9_./]+$|^static/appIcon(_2x)?\.png$|^README\.md$", p));
    }

    [Fact]
    public void EveryConfFileParses()
    {
        foreach (var file in ShippedAssets.SplunkApp.Where(f => f.Path.EndsWith(".conf", StringComparison.Ordinal) || f.Path.EndsWith(".meta", StringComparison.Ordinal)))
        {
            var stanzas = ConfReader.Read(file.Text);
            Assert.True(stanzas.Count > 0, file.Path);
            Assert.All(stanzas, s => Assert.NotEmpty(s.Value));
        }
    }

    [Theory]
    [InlineData(Sourcetype)]
    [InlineData(ConnectionSourcetype)]
    public void PropsExtractTheJsonAtSearchTimeOnly(string sourcetype)
    {
        var props = Conf("default/props.conf")[sourcetype];

        Assert.Equal("json", props["KV_MODE"]);
        Assert.False(props.ContainsKey("INDEXED_EXTRACTIONS"), "indexed and search-time JSON extraction together give every field twice");
        Assert.Equal("false", props["SHOULD_LINEMERGE"]);
        Assert.Contains("\"time\"", props["TIME_PREFIX"], StringComparison.Ordinal);
        Assert.Equal("%s", props["TIME_FORMAT"]);
    }

    [Theory]
    [InlineData(Sourcetype)]
    [InlineData(ConnectionSourcetype)]
    public void PropsCalculatedFieldsReadFieldsTheEventsHave(string sourcetype)
    {
        var declared = sourcetype == Sourcetype ? SplunkEventFields.Declared : SplunkEventFields.ConnectionDeclared;
        var known = new HashSet<string>(declared.Concat(SplunkEventFields.BuiltIn), StringComparer.Ordinal);
        foreach (var (key, value) in Conf("default/props.conf")[sourcetype])
        {
            if (key.StartsWith("EVAL-", StringComparison.Ordinal))
            {
                var check = SplSearch.Check($"search * | eval {key["EVAL-".Length..]}={value}", known);
                Assert.True(check.Missing.Count == 0, $"{key}: {string.Join(", ", check.Missing)}");
            }
            else if (key.StartsWith("FIELDALIAS-", StringComparison.Ordinal))
            {
                Assert.Contains(value.Split(" AS ")[0].Trim(), known);
            }
        }
    }

    [Fact]
    public void TheEventTypeIsTaggedForTheCimEmailDataModel()
    {
        var eventtypes = Conf("default/eventtypes.conf");
        var tags = Conf("default/tags.conf");

        Assert.Equal(["esabridge_connection", "esabridge_session"], eventtypes.Keys.Order());
        Assert.Equal($"sourcetype=\"{Sourcetype}\"", eventtypes["esabridge_session"]["search"]);
        var tagged = tags["eventtype=esabridge_session"];
        Assert.Equal("enabled", tagged["email"]);
        Assert.Equal("enabled", tagged["delivery"]);

        // CIM's data models search every app: the event type, its tags and the field extractions must be exported.
        var meta = Conf("metadata/default.meta");
        Assert.All((string[])["props", "eventtypes", "tags"], s => Assert.Equal("system", meta[s]["export"]));
    }

    /// <summary>CIM Network Traffic's root dataset All_Traffic takes events tagged <c>network</c> and
    /// <c>communicate</c>; the connection events carry its names for the fields a firewall also logs.</summary>
    [Fact]
    public void TheConnectionEventTypeIsTaggedForTheCimNetworkTrafficDataModel()
    {
        var eventtype = Conf("default/eventtypes.conf")["esabridge_connection"];
        var tagged = Conf("default/tags.conf")["eventtype=esabridge_connection"];

        Assert.Equal($"sourcetype=\"{ConnectionSourcetype}\"", eventtype["search"]);
        Assert.Equal(["communicate", "network"], tagged.Keys.Order());
        Assert.All(tagged.Values, v => Assert.Equal("enabled", v));
        Assert.All((string[])["src", "src_ip", "dest", "dest_ip", "action", "duration", "transport", "session_id", "vendor_product"],
            field => Assert.Contains(field, SplunkEventFields.ConnectionDeclared));
    }

    [Fact]
    public void TheIndexMacroNamesAnIndex()
    {
        var macro = Conf("default/macros.conf")[IndexMacro];

        Assert.Matches(@"^index=[a-z0-9_\-]+$", macro["definition"]);
        Assert.Equal("0", macro["iseval"]);
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void EachViewIsSimpleXml11(string path)
    {
        var view = XDocument.Parse(File(path).Text);

        Assert.Contains(view.Root!.Name.LocalName, (string[])["dashboard", "form"]);
        Assert.Equal("1.1", (string?)view.Root.Attribute("version"));
        Assert.False(string.IsNullOrWhiteSpace((string?)view.Root.Element("label")));
        Assert.All(view.Root.Elements("row").Elements("panel"), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)p.Element("title")));
            Assert.Single(p.Elements(), e => e.Name.LocalName is "chart" or "table" or "single");
        });
        Assert.All(view.Descendants("search"), s => Assert.False(string.IsNullOrWhiteSpace((string?)s.Element("query"))));
    }

    [Fact]
    public void EverySearchStartsFromTheIndexMacroAndTheSourcetype()
    {
        var searches = AllSearches().ToList();

        Assert.True(searches.Count >= 20, $"only {searches.Count} searches found");
        foreach (var (where, query) in searches)
        {
            var search = SplSearch.Check(query, FieldsFor(where));
            Assert.True(search.Macros.SequenceEqual([IndexMacro]), $"{where}: macros {string.Join(",", search.Macros)}");
            Assert.StartsWith($"`{IndexMacro}` sourcetype=\"{SourcetypeFor(where)}\"", search.BaseSearch, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?<![\w.])index\s*=", query.Replace($"`{IndexMacro}`", string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryFieldASearchUsesExistsInTheEventShape()
    {
        Assert.True(SplunkEventFields.EventCount > 50, "the samples gave too few events to know the shape");
        var problems = new List<string>();
        foreach (var (where, query) in AllSearches())
        {
            var search = SplSearch.Check(query, FieldsFor(where));
            problems.AddRange(search.Missing.Select(m => $"{where}: {m}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void TheFieldCheckCatchesAFieldTheEventsDoNotHave()
    {
        var misspelled = SplSearch.Check("`esa_index` sourcetype=\"cisco:esa:session\" abort_clas=timeout | stats count BY src_ip | sort -count", AllFields);
        var afterStats = SplSearch.Check("`esa_index` sourcetype=\"cisco:esa:session\" | stats count BY src_ip | table src_ip sender", AllFields);
        var arrayName = SplSearch.Check("`esa_index` sourcetype=\"cisco:esa:session\" | stats count BY dcid{}", SplunkEventFields.Declared.Concat(SplunkEventFields.BuiltIn).ToHashSet());

        Assert.Equal(["search: abort_clas"], misspelled.Missing);
        Assert.Equal(["table: sender"], afterStats.Missing);
        Assert.Empty(arrayName.Missing);
        Assert.Throws<NotSupportedException>(() => SplSearch.Check("`esa_index` sourcetype=\"cisco:esa:session\" | transaction icid", AllFields));
    }

    [Theory]
    [InlineData("esabridge-receiving-aborts.ndjson", "default/data/ui/views/esa_receiving_aborts.xml")]
    [InlineData("esabridge-sessions-overview.ndjson", "default/data/ui/views/esa_sessions_overview.xml")]
    [InlineData("esabridge-threats-verdicts.ndjson", "default/data/ui/views/esa_threats_verdicts.xml")]
    [InlineData("esabridge-connections-firewalls.ndjson", ConnectionView)]
    public void EachViewHasTheKibanaDashboardsPanelsAndControls(string kibanaFile, string viewPath)
    {
        var dashboard = ShippedAssets.KibanaDashboards.Single(d => d.FileName == kibanaFile).Ndjson
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
            .Single(o => (string?)o["type"] == "dashboard")["attributes"]!;
        var panels = JsonNode.Parse((string)dashboard["panelsJSON"]!)!.AsArray()
            .Select(p => (string?)p!["embeddableConfig"]!["title"] ?? (string)p["embeddableConfig"]!["attributes"]!["title"]!).ToList();
        var controls = JsonNode.Parse((string)dashboard["controlGroupInput"]!["panelsJSON"]!)!.AsObject()
            .Select(c => (string)c.Value!["explicitInput"]!["fieldName"]!).ToList();
        var view = XDocument.Parse(File(viewPath).Text);

        Assert.Equal((string)dashboard["title"]!, (string?)view.Root!.Element("label"));
        Assert.Equal(panels.Order(), view.Descendants("panel").Select(p => (string)p.Element("title")!).Order());

        // Each dropdown filters the panels on the field of the matching Kibana control.
        var dropdowns = view.Descendants("input").Where(i => (string?)i.Attribute("type") == "dropdown").Select(i => (string)i.Attribute("token")!);
        var filtered = dropdowns.Select(token => FilteredField(view, token)).Order();
        Assert.Equal(controls.Select(c => ControlFields[c]).Order(), filtered);
    }

    [Fact]
    public void TheTwoAlertsAreScheduled()
    {
        var alerts = Conf("default/savedsearches.conf");

        Assert.Equal(2, alerts.Count);
        Assert.Contains(alerts.Keys, k => k.Contains("connection_lost", StringComparison.Ordinal));
        Assert.Contains(alerts.Keys, k => k.Contains("near-timeout", StringComparison.Ordinal));
        foreach (var (name, alert) in alerts)
        {
            Assert.Equal("1", alert["enableSched"]);
            Assert.Matches(@"^(\S+\s+){4}\S+$", alert["cron_schedule"]);
            Assert.Equal("number of events", alert["counttype"]);
            Assert.Equal("greater than", alert["relation"]);
            Assert.Equal("1", alert["alert.track"]);
            Assert.Equal("1", alert["alert.suppress"]);
            Assert.Contains(alert["alert.suppress.fields"], SplSearch.Check(alert["search"], AllFields).Used);
            Assert.False(string.IsNullOrWhiteSpace(alert["description"]), name);
        }
    }

    /// <summary>
    /// An event reaches Splunk after its message finished (its _time), late by what EsaBridge retried (up to
    /// <c>--retry-for</c>) or spooled. A window ending at "now" never sees such events; a window that ends that long
    /// ago does, and windows one schedule period long tile time with no gap and no overlap.
    /// </summary>
    [Fact]
    public void TheAlertsLookAtALaggedWindowThatCoversTheRetryTime()
    {
        var retryFor = DefaultRetryFor();
        foreach (var (name, alert) in Conf("default/savedsearches.conf"))
        {
            var earliest = RelativeMinutes(alert["dispatch.earliest_time"]);
            var latest = RelativeMinutes(alert["dispatch.latest_time"]);
            var period = Regex.Match(alert["cron_schedule"], @"^\*/(\d+) \* \* \* \*$");
            Assert.True(period.Success, $"{name}: cron {alert["cron_schedule"]}");

            Assert.True(latest > retryFor, $"{name}: the window ends {latest} ago, not later than --retry-for ({retryFor})");
            Assert.Equal(TimeSpan.FromMinutes(int.Parse(period.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), earliest - latest);
        }
    }

    /// <summary>A Splunk relative time <c>-30m@m</c> as how long before now it is (minutes snapped, as <c>@m</c> does).</summary>
    private static TimeSpan RelativeMinutes(string time)
    {
        var match = Regex.Match(time, @"^-(\d+)m@m$");
        Assert.True(match.Success, $"'{time}' is not -Nm@m");
        return TimeSpan.FromMinutes(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The default of ship's --retry-for as docs/configuration.md states it (<c>| `--retry-for D` | `ship`: `10m`; ...</c>); run retries without limit.</summary>
    private static TimeSpan DefaultRetryFor()
    {
        var row = Regex.Match(System.IO.File.ReadAllText(AssetJson.RepositoryFile("docs", "configuration.md")), @"\| `--retry-for D` \| `ship`: `(\d+)m`");
        Assert.True(row.Success, "docs/configuration.md has no --retry-for default");
        return TimeSpan.FromMinutes(int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IReadOnlySet<string> AllFields { get; } = BuildAllFields(Sourcetype, SplunkEventFields.Declared);

    private static IReadOnlySet<string> AllConnectionFields { get; } = BuildAllFields(ConnectionSourcetype, SplunkEventFields.ConnectionDeclared);

    private static bool IsConnectionSearch(string where) => where.StartsWith(ConnectionView + " ", StringComparison.Ordinal);

    private static IReadOnlySet<string> FieldsFor(string where) => IsConnectionSearch(where) ? AllConnectionFields : AllFields;

    private static string SourcetypeFor(string where) => IsConnectionSearch(where) ? ConnectionSourcetype : Sourcetype;

    private static HashSet<string> BuildAllFields(string sourcetype, IReadOnlySet<string> declared)
    {
        var fields = new HashSet<string>(declared.Concat(SplunkEventFields.BuiltIn), StringComparer.Ordinal);
        foreach (var (key, value) in Conf("default/props.conf")[sourcetype])
        {
            if (key.StartsWith("EVAL-", StringComparison.Ordinal))
            {
                fields.Add(key["EVAL-".Length..]);
            }
            else if (key.StartsWith("FIELDALIAS-", StringComparison.Ordinal))
            {
                fields.Add(value.Split(" AS ")[1].Trim());
            }
        }

        return fields;
    }

    private static IEnumerable<(string Where, string Query)> AllSearches()
    {
        foreach (var view in ViewFiles())
        {
            foreach (var query in XDocument.Parse(view.Text).Descendants("query"))
            {
                yield return ($"{view.Path} ({(string?)query.Ancestors().Select(a => a.Element("title") ?? a.Element("label")).FirstOrDefault(t => t is not null)})", query.Value);
            }
        }

        foreach (var (name, alert) in Conf("default/savedsearches.conf"))
        {
            yield return ($"savedsearches.conf [{name}]", alert["search"]);
        }
    }

    private static string FilteredField(XDocument view, string token)
    {
        var fields = view.Descendants("query").SelectMany(q => Regex.Matches(q.Value, $@"(\w+)=\${Regex.Escape(token)}(\|s)?\$").Select(m => m.Groups[1].Value)).Distinct().ToList();
        return Assert.Single(fields);
    }

    private static IEnumerable<ShippedFile> ViewFiles() =>
        ShippedAssets.SplunkApp.Where(f => f.Path.StartsWith("default/data/ui/views/", StringComparison.Ordinal));

    private static ShippedFile File(string path) => ShippedAssets.SplunkApp.Single(f => f.Path == path);

    private static Dictionary<string, Dictionary<string, string>> Conf(string path) => ConfReader.Read(File(path).Text);
}

using System.Text.Json.Nodes;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// The Kibana saved objects, checked the way no public schema can: every line and embedded JSON string parses,
/// every reference resolves inside its file, panel indexes are unique, Lens states are self-consistent, and every
/// field a panel or control uses exists in the shipped mappings with a type its operation accepts.
/// </summary>
public class KibanaAssetTests
{
    private const string Records = "___records___";

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long" };
    private static readonly HashSet<string> NotAggregatable = new(StringComparer.Ordinal) { "text", "match_only_text" };

    public static TheoryData<string> Files() => [.. ShippedAssets.KibanaDashboards.Select(d => d.FileName)];

    [Fact]
    public void TheFourDashboardsShip()
    {
        var dashboards = AllObjects().Where(o => o.Object.Type == "dashboard").ToDictionary(o => o.Object.Id, o => (string)o.Object.Attributes["title"]!);

        Assert.Equal(["esabridge-connections-firewalls.ndjson", "esabridge-receiving-aborts.ndjson", "esabridge-sessions-overview.ndjson", "esabridge-threats-verdicts.ndjson"], ShippedAssets.KibanaDashboards.Select(d => d.FileName));
        Assert.Equal("ESA connections and firewalls", dashboards["esabridge-connections-firewalls"]);
        Assert.Equal("ESA receiving aborts", dashboards["esabridge-receiving-aborts"]);
        Assert.Equal("ESA sessions overview", dashboards["esabridge-sessions-overview"]);
        Assert.Equal("ESA threats and verdicts", dashboards["esabridge-threats-verdicts"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryLineIsASavedObjectForKibana811(string file)
    {
        string ndjson = Ndjson(file);

        Assert.EndsWith("\n", ndjson, StringComparison.Ordinal);
        foreach (var o in Objects(file))
        {
            Assert.False(string.IsNullOrEmpty(o.Id));
            Assert.Equal("8.8.0", (string)o.Raw["coreMigrationVersion"]!);
            Assert.Equal(o.Type switch { "dashboard" => "8.9.0", "index-pattern" => "8.0.0", _ => "?" }, (string)o.Raw["typeMigrationVersion"]!);
            Assert.False((bool)o.Raw["managed"]!);
            Assert.True(o.Raw["references"] is JsonArray);
        }

        Assert.Equal(Objects(file).Count, Objects(file).Select(o => (o.Type, o.Id)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EmbeddedJsonStringsParse(string file)
    {
        foreach (var o in Objects(file))
        {
            var a = o.Attributes;
            if (o.Type == "dashboard")
            {
                Assert.True(JsonNode.Parse((string)a["panelsJSON"]!) is JsonArray);
                Assert.True(JsonNode.Parse((string)a["optionsJSON"]!) is JsonObject);
                Assert.True(JsonNode.Parse((string)a["kibanaSavedObjectMeta"]!["searchSourceJSON"]!) is JsonObject);
                if (a["controlGroupInput"] is JsonObject controls)
                {
                    Assert.True(JsonNode.Parse((string)controls["panelsJSON"]!) is JsonObject);
                    Assert.True(JsonNode.Parse((string)controls["ignoreParentSettingsJSON"]!) is JsonObject);
                }
            }
            else
            {
                foreach (string name in (string[])["fields", "fieldAttrs", "fieldFormatMap", "runtimeFieldMap", "sourceFilters", "typeMeta"])
                {
                    Assert.NotNull(JsonNode.Parse((string)a[name]!));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryReferenceResolvesInsideItsFile(string file)
    {
        var objects = Objects(file);
        var present = objects.Select(o => (o.Type, o.Id)).ToHashSet();

        foreach (var o in objects)
        {
            foreach (var r in References(o.Raw["references"]))
            {
                Assert.Contains((r.Type, r.Id), present);
            }

            foreach (var panel in Panels(o))
            {
                foreach (var r in References(panel["embeddableConfig"]!["attributes"]!["references"]))
                {
                    Assert.Contains((r.Type, r.Id), present);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheDashboardRepeatsEveryPanelAndControlReference(string file)
    {
        foreach (var d in Objects(file).Where(o => o.Type == "dashboard"))
        {
            var expected = new List<SavedReference>();
            foreach (var panel in Panels(d))
            {
                string index = (string)panel["panelIndex"]!;
                expected.AddRange(References(panel["embeddableConfig"]!["attributes"]!["references"]).Select(r => r with { Name = index + ":" + r.Name }));
            }

            foreach (var (id, _) in Controls(d))
            {
                expected.Add(new SavedReference($"controlGroup_{id}:optionsListDataView", "index-pattern", DataViewOf(file)));
            }

            Assert.Equal(expected.OrderBy(r => r.Name, StringComparer.Ordinal), References(d.Raw["references"]).OrderBy(r => r.Name, StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void PanelIndexesAreUniqueAndPanelsFitTheGrid(string file)
    {
        foreach (var d in Objects(file).Where(o => o.Type == "dashboard"))
        {
            var panels = Panels(d).ToList();
            var indexes = panels.Select(p => (string)p["panelIndex"]!).ToList();
            Assert.Equal(indexes.Count, indexes.Distinct(StringComparer.Ordinal).Count());

            var boxes = new List<(int X, int Y, int W, int H)>();
            foreach (var p in panels)
            {
                var g = p["gridData"]!;
                Assert.Equal((string)p["panelIndex"]!, (string)g["i"]!);
                Assert.Equal("lens", (string)p["type"]!);
                var box = ((int)g["x"]!, (int)g["y"]!, (int)g["w"]!, (int)g["h"]!);
                Assert.True(box.Item1 >= 0 && box.Item3 > 0 && box.Item1 + box.Item3 <= 48 && box.Item4 > 0, p.ToJsonString());
                Assert.DoesNotContain(boxes, b => b.X < box.Item1 + box.Item3 && box.Item1 < b.X + b.W && b.Y < box.Item2 + box.Item4 && box.Item2 < b.Y + b.H);
                boxes.Add(box);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LensStatesAreSelfConsistent(string file)
    {
        foreach (var (panel, attributes) in LensPanels(file))
        {
            var state = attributes["state"]!;
            var layers = state["datasourceStates"]!["formBased"]!["layers"]!.AsObject();
            var names = References(attributes["references"]).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(layers);
            foreach (var (layerId, layer) in layers)
            {
                Assert.Contains("indexpattern-datasource-layer-" + layerId, names);
                var columns = layer!["columns"]!.AsObject();
                Assert.Equal(columns.Select(c => c.Key).Order(StringComparer.Ordinal), layer["columnOrder"]!.AsArray().Select(c => (string)c!).Order(StringComparer.Ordinal));
                foreach (var (_, column) in columns)
                {
                    if (column!["params"]?["orderBy"] is JsonObject { } orderBy && (string?)orderBy["type"] == "column")
                    {
                        Assert.True(columns.ContainsKey((string)orderBy["columnId"]!), panel);
                    }
                }
            }

            var allColumns = layers.SelectMany(l => l.Value!["columns"]!.AsObject().Select(c => c.Key)).ToHashSet(StringComparer.Ordinal);
            foreach (var (layerId, accessor) in VisualizationAccessors((string)attributes["visualizationType"]!, state["visualization"]!))
            {
                Assert.True(layers.ContainsKey(layerId), $"{panel}: layer {layerId}");
                Assert.True(allColumns.Contains(accessor), $"{panel}: column {accessor}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFieldAPanelOrControlUsesIsMappedWithAUsableType(string file)
    {
        var mapped = DataViewOf(file) == ShippedAssets.ConnectionDataViewId ? AssetJson.ConnectionMappedFields : AssetJson.MappedFields;
        int used = 0;
        foreach (var (panel, attributes) in LensPanels(file))
        {
            var state = attributes["state"]!;
            foreach (string field in AssetJson.KqlFields((string?)state["query"]?["query"]))
            {
                Assert.True(mapped.ContainsKey(field), $"{panel}: query field {field}");
                used++;
            }

            foreach (var filter in state["filters"]!.AsArray())
            {
                string? key = (string?)filter!["meta"]?["key"];
                Assert.True(key is null || mapped.ContainsKey(key), $"{panel}: filter field {key}");
            }

            foreach (var (_, layer) in state["datasourceStates"]!["formBased"]!["layers"]!.AsObject())
            {
                foreach (var (_, column) in layer!["columns"]!.AsObject())
                {
                    string operation = (string)column!["operationType"]!;
                    foreach (string filtered in AssetJson.KqlFields((string?)column["filter"]?["query"]))
                    {
                        Assert.True(mapped.ContainsKey(filtered), $"{panel}: column filter field {filtered}");
                    }

                    if ((string?)column["params"]?["sortField"] is string sortField)
                    {
                        Assert.Equal("date", mapped[sortField].Type);
                    }

                    string? source = (string?)column["sourceField"];
                    if (source is null || source == Records)
                    {
                        continue;
                    }

                    Assert.True(mapped.TryGetValue(source, out var field), $"{panel}: {operation} on unmapped field {source}");
                    used++;
                    string type = field.Type;
                    bool fits = operation switch
                    {
                        "date_histogram" => type == "date",
                        "range" or "percentile" or "median" or "average" or "sum" or "standard_deviation" => Numeric.Contains(type),
                        "max" or "min" => Numeric.Contains(type) || type == "date",
                        "terms" or "last_value" or "unique_count" => !NotAggregatable.Contains(type),
                        _ => false,
                    };
                    Assert.True(fits, $"{panel}: {operation} cannot use {source} ({type})");
                }
            }
        }

        foreach (var d in Objects(file).Where(o => o.Type == "dashboard"))
        {
            foreach (var (_, field) in Controls(d))
            {
                Assert.True(mapped.TryGetValue(field, out var f) && !NotAggregatable.Contains(f.Type), $"control on {field}");
            }
        }

        Assert.True(used > 10, $"only {used} field uses found: the walk is broken");
    }

    /// <summary>Each file carries one data view, the session one (<c>logs-cisco_esa.session-*</c>) or, for the
    /// connections dashboard, the connection one: the two kinds never share a panel, so no session count includes
    /// connections.</summary>
    [Fact]
    public void EveryIndexPatternReferenceIsTheShippedDataViewOfItsFile()
    {
        var patterns = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ShippedAssets.DataViewId] = (string)AssetJson.Parse(ShippedAssets.IndexTemplate)["index_patterns"]![0]!,
            [ShippedAssets.ConnectionDataViewId] = (string)AssetJson.Parse(ShippedAssets.ConnectionIndexTemplate)["index_patterns"]![0]!,
        };
        var dataViews = AllObjects().Where(o => o.Object.Type == "index-pattern").Select(o => o.Object).ToList();

        Assert.Equal(ShippedAssets.DataViewIds.Order(), dataViews.Select(v => v.Id).Distinct().Order());
        foreach (var group in dataViews.GroupBy(v => v.Id))
        {
            Assert.Single(group.Select(v => v.Raw.ToJsonString()).Distinct(StringComparer.Ordinal));
            var view = group.First().Attributes;
            Assert.Equal(patterns[group.Key], (string)view["title"]!);
            Assert.Equal("@timestamp", (string)view["timeFieldName"]!);
            foreach (var (_, formatted) in AssetJson.Parse((string)view["fieldFormatMap"]!))
            {
                Assert.NotNull(formatted);
            }
        }

        Assert.Equal("date", AssetJson.MappedFields["@timestamp"].Type);
        Assert.Equal("date", AssetJson.ConnectionMappedFields["@timestamp"].Type);
        foreach (var (file, o) in AllObjects())
        {
            string expected = DataViewOf(file);
            foreach (var r in References(o.Raw["references"]).Where(r => r.Type == "index-pattern"))
            {
                Assert.Equal(expected, r.Id);
            }

            foreach (var (panel, attributes) in LensPanels(file))
            {
                Assert.All(References(attributes["references"]), r => Assert.Equal(("index-pattern", expected), (r.Type, r.Id)));
            }
        }
    }

    /// <summary>The panels the issue asks for: endings over time, lost and timed-out connections without a message
    /// by source IP and reverse DNS, HAT rejects by sender group and country, duration percentiles, and a table of
    /// source IP, start, end, duration and ending to join with firewall logs.</summary>
    [Fact]
    public void TheConnectionsDashboardHasTheIssuesPanels()
    {
        const string file = "esabridge-connections-firewalls.ndjson";
        var d = Assert.Single(Objects(file), o => o.Type == "dashboard");
        var lens = LensPanels(file).Select(p => p.Attributes).ToList();

        Assert.Equal(["event.action", "observer.hostname"], Controls(d).Select(c => c.Field).Order());
        var endings = Assert.Single(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == "event.action" && (string)c["operationType"]! == "terms"));
        Assert.Contains(Columns(endings), c => (string)c["operationType"]! == "date_histogram");

        var quiet = Assert.Single(lens, a => Query(a).Contains("cisco.esa.message_count : 0", StringComparison.Ordinal));
        Assert.Contains("connection_lost", Query(quiet), StringComparison.Ordinal);
        Assert.Contains("timeout", Query(quiet), StringComparison.Ordinal);
        Assert.Equal(["source.domain", "source.ip"], Columns(quiet).Where(c => (string)c["operationType"]! == "terms").Select(c => (string)c["sourceField"]!).Order());

        var rejects = Assert.Single(lens, a => Query(a).Contains("REJECT", StringComparison.Ordinal));
        Assert.Contains("TCPREFUSE", Query(rejects), StringComparison.Ordinal);
        Assert.Equal(["cisco.esa.connection.country", "cisco.esa.connection.sender_group"], Columns(rejects).Where(c => (string)c["operationType"]! == "terms").Select(c => (string)c["sourceField"]!).Order());

        Assert.Contains(lens, a => Percentiles(a).SequenceEqual([50, 95, 99]));

        var table = Assert.Single(lens, a => (string)a["visualizationType"]! == "lnsDatatable" && Columns(a).Any(c => (string?)c["sourceField"] == "event.end"));
        Assert.Equal(
            ["cisco.esa.duration_seconds", "event.action", "event.end", "event.id", "event.start", "source.ip"],
            Columns(table).Select(c => (string)c["sourceField"]!).Order());
    }

    [Fact]
    public void TheAbortsDashboardHasTheIssuesPanels()
    {
        const string file = "esabridge-receiving-aborts.ndjson";
        var d = Assert.Single(Objects(file), o => o.Type == "dashboard");
        var lens = LensPanels(file).Select(p => p.Attributes).ToList();

        Assert.Contains(Controls(d), c => c.Field == "cisco.esa.abort.class");
        Assert.Contains(lens, a => (string)a["visualizationType"]! == "lnsMetric" && Query(a).Contains("cisco.esa.abort.near_timeout : true", StringComparison.Ordinal));

        var byClass = Assert.Single(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == "cisco.esa.abort.class" && (string)c["operationType"]! == "terms"));
        Assert.Equal("bar_stacked", (string)byClass["state"]!["visualization"]!["preferredSeriesType"]!);
        Assert.Contains(Columns(byClass), c => (string)c["operationType"]! == "date_histogram");

        var idle = Assert.Single(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == "cisco.esa.abort.idle_seconds" && (string)c["operationType"]! == "range"));
        var ranges = Columns(idle).Single(c => (string)c["operationType"]! == "range")["params"]!["ranges"]!.AsArray();
        Assert.Contains(ranges, r => (double?)r!["from"] == 300 && (double?)r["to"] - (double?)r["from"] <= 10);

        foreach (string field in (string[])["source.ip", "source.domain", "cisco.esa.connection.sender_group"])
        {
            Assert.Contains(lens, a => Query(a).Contains("connection_lost", StringComparison.Ordinal) && Columns(a).Any(c => (string?)c["sourceField"] == field));
        }

        var table = Assert.Single(lens, a => (string)a["visualizationType"]! == "lnsDatatable");
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "@timestamp", "cisco.esa.mid", "cisco.esa.icid", "source.ip", "email.from.address", "email.to.address", "cisco.esa.abort.class", "cisco.esa.abort.idle_seconds", "cisco.esa.duration_seconds" },
            Columns(table).Select(c => (string?)c["sourceField"]).OfType<string>().ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void TheOverviewDashboardHasTheIssuesPanels()
    {
        var lens = LensPanels("esabridge-sessions-overview.ndjson").Select(p => p.Attributes).ToList();

        Assert.Contains(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == "event.outcome") && Columns(a).Any(c => (string)c["operationType"]! == "date_histogram"));
        Assert.Contains(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == "cisco.esa.disposition") && Columns(a).Any(c => (string)c["operationType"]! == "date_histogram"));
        Assert.Equal([50, 95, 99], Percentiles(Assert.Single(lens, a => Query(a).Length == 0 && Percentiles(a).Any())));

        // Delivered messages finish when their last recipient is delivered: their duration is the delivery delay.
        Assert.Equal([50, 95, 99], Percentiles(Assert.Single(lens, a => Query(a) == "cisco.esa.disposition : \"delivered\"" && Percentiles(a).Any())));
        foreach (string field in (string[])["cisco.esa.recipients.status_code", "cisco.esa.recipients.destination_ip", "cisco.esa.recipient_domain"])
        {
            Assert.Contains(lens, a => Query(a) == "cisco.esa.recipients.status : \"bounced\"" && Columns(a).Any(c => (string?)c["sourceField"] == field));
        }
        foreach (string field in (string[])["email.from.address", "email.to.address", "cisco.esa.sender_domain", "cisco.esa.recipient_domain", "cisco.esa.connection.sbrs"])
        {
            Assert.Contains(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == field));
        }

        var tls = Assert.Single(lens, a => (string)a["visualizationType"]! == "lnsPie");
        Assert.Contains(Columns(tls), c => (string?)c["sourceField"] == "cisco.esa.connection.tls_label");
        Assert.False(AssetJson.MappedFields["cisco.esa.connection.tls_label"].Runtime);
    }

    [Fact]
    public void TheThreatsDashboardHasTheIssuesPanels()
    {
        const string file = "esabridge-threats-verdicts.ndjson";
        var d = Assert.Single(Objects(file), o => o.Type == "dashboard");
        var lens = LensPanels(file).Select(p => p.Attributes).ToList();

        Assert.Superset(new HashSet<string> { "observer.hostname", "cisco.esa.verdict.spam" }, Controls(d).Select(c => c.Field).ToHashSet());
        foreach (string verdict in (string[])["cisco.esa.verdict.spam", "cisco.esa.verdict.antivirus", "cisco.esa.verdict.amp", "cisco.esa.verdict.outbreak", "cisco.esa.dmarc.result", "cisco.esa.quarantine"])
        {
            Assert.Contains(lens, a => Columns(a).Any(c => (string?)c["sourceField"] == verdict && (string)c["operationType"]! == "terms") && Columns(a).Any(c => (string)c["operationType"]! == "date_histogram"));
        }

        foreach (string flagged in (string[])["cisco.esa.verdict.spam", "cisco.esa.verdict.antivirus", "cisco.esa.verdict.amp", "cisco.esa.dmarc.result"])
        {
            foreach (string field in (string[])["cisco.esa.sender_domain", "email.from.address", "source.ip"])
            {
                Assert.Contains(lens, a => Query(a).StartsWith(flagged + " : ", StringComparison.Ordinal) && Columns(a).Any(c => (string?)c["sourceField"] == field));
            }
        }

        Assert.Contains(lens, a => (string)a["visualizationType"]! == "lnsDatatable" && Columns(a).Any(c => (string?)c["sourceField"] == "cisco.esa.verdict.antivirus_threat"));
    }

    private static IEnumerable<int> Percentiles(JsonObject lens) =>
        Columns(lens).Where(c => (string)c["operationType"]! == "percentile" && (string?)c["sourceField"] == "cisco.esa.duration_seconds").Select(c => (int)c["params"]!["percentile"]!).Order();

    /// <summary>
    /// Kibana restores a dashboard's own time range only when it is saved with <c>timeRestore: true</c> and
    /// <c>timeFrom</c>/<c>timeTo</c>; otherwise it opens on the default "last 15 minutes", empty for batch-shipped mail logs.
    /// </summary>
    [Fact]
    public void EveryDashboardOpensOnTheLastSevenDays()
    {
        var dashboards = AllObjects().Where(o => o.Object.Type == "dashboard").Select(o => o.Object.Attributes).ToList();

        Assert.Equal(4, dashboards.Count);
        Assert.All(dashboards, d =>
        {
            Assert.True((bool)d["timeRestore"]!);
            Assert.Equal("now-7d", (string)d["timeFrom"]!);
            Assert.Equal("now", (string)d["timeTo"]!);
            Assert.True((bool)d["refreshInterval"]!["pause"]!);
        });
    }

    private static string DataViewOf(string file) =>
        file == "esabridge-connections-firewalls.ndjson" ? ShippedAssets.ConnectionDataViewId : ShippedAssets.DataViewId;

    private sealed record SavedObject(string Id, string Type, JsonObject Attributes, JsonObject Raw);

    private sealed record SavedReference(string Name, string Type, string Id);

    private static string Ndjson(string file) => Assert.Single(ShippedAssets.KibanaDashboards, d => d.FileName == file).Ndjson;

    private static List<SavedObject> Objects(string file) =>
        [.. Ndjson(file).Split('\n').Where(l => l.Length > 0).Select(l =>
        {
            var o = AssetJson.Parse(l);
            return new SavedObject((string)o["id"]!, (string)o["type"]!, o["attributes"]!.AsObject(), o);
        })];

    private static IEnumerable<(string File, SavedObject Object)> AllObjects() =>
        ShippedAssets.KibanaDashboards.SelectMany(d => Objects(d.FileName).Select(o => (d.FileName, o)));

    private static IEnumerable<SavedReference> References(JsonNode? references) =>
        references!.AsArray().Select(r => new SavedReference((string)r!["name"]!, (string)r["type"]!, (string)r["id"]!));

    private static IEnumerable<JsonObject> Panels(SavedObject o) =>
        o.Type == "dashboard" ? JsonNode.Parse((string)o.Attributes["panelsJSON"]!)!.AsArray().Select(p => p!.AsObject()) : [];

    private static IEnumerable<(string Id, string Field)> Controls(SavedObject d) =>
        d.Attributes["controlGroupInput"] is JsonObject controls
            ? JsonNode.Parse((string)controls["panelsJSON"]!)!.AsObject().Select(c =>
            {
                Assert.Equal("optionsListControl", (string)c.Value!["type"]!);
                Assert.Equal(c.Key, (string)c.Value["explicitInput"]!["id"]!);
                return (c.Key, (string)c.Value["explicitInput"]!["fieldName"]!);
            })
            : [];

    private static IEnumerable<(string Panel, JsonObject Attributes)> LensPanels(string file) =>
        Objects(file).SelectMany(Panels).Select(p => ((string)p["title"]! + " [" + (string)p["panelIndex"]! + "]", p["embeddableConfig"]!["attributes"]!.AsObject()));

    private static IEnumerable<JsonObject> Columns(JsonObject lens) =>
        lens["state"]!["datasourceStates"]!["formBased"]!["layers"]!.AsObject().SelectMany(l => l.Value!["columns"]!.AsObject().Select(c => c.Value!.AsObject()));

    private static string Query(JsonObject lens) => (string?)lens["state"]!["query"]?["query"] ?? "";

    /// <summary>Every (layer, column) a visualization state points at, per Lens visualization type.</summary>
    private static IEnumerable<(string Layer, string Column)> VisualizationAccessors(string type, JsonNode vis)
    {
        switch (type)
        {
            case "lnsXY":
                foreach (var layer in vis["layers"]!.AsArray())
                {
                    string id = (string)layer!["layerId"]!;
                    foreach (string? accessor in layer["accessors"]!.AsArray().Select(a => (string?)a).Append((string?)layer["xAccessor"]).Append((string?)layer["splitAccessor"]))
                    {
                        if (accessor is not null)
                        {
                            yield return (id, accessor);
                        }
                    }
                }

                break;
            case "lnsPie":
                foreach (var layer in vis["layers"]!.AsArray())
                {
                    string id = (string)layer!["layerId"]!;
                    foreach (var accessor in layer["primaryGroups"]!.AsArray().Concat(layer["metrics"]!.AsArray()))
                    {
                        yield return (id, (string)accessor!);
                    }
                }

                break;
            case "lnsMetric":
                yield return ((string)vis["layerId"]!, (string)vis["metricAccessor"]!);
                break;
            case "lnsDatatable":
                foreach (var column in vis["columns"]!.AsArray())
                {
                    yield return ((string)vis["layerId"]!, (string)column!["columnId"]!);
                }

                if ((string?)vis["sorting"]?["columnId"] is string sorted)
                {
                    yield return ((string)vis["layerId"]!, sorted);
                }

                break;
            default:
                Assert.Fail("unexpected visualization type " + type);
                break;
        }
    }
}

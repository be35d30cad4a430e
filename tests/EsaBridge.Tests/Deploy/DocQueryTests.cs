using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Assets;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// Every KQL, ES|QL and SPL query in the analyst guides uses fields that exist: on the Elasticsearch side in the
/// shipped index template (mappings/), on the Splunk side in the events SplunkEventTranscoder really writes for
/// samples/esa-mail.log. Firewall-side fields are allowed only in the firewall guide, and only the few standard
/// ECS / CIM names it declares.
/// </summary>
public sealed partial class DocQueryTests
{
    private static readonly string[] Guides = ["finding-aborts.md", "correlating-firewall-logs.md", "troubleshooting-aborts.md"];

    private static readonly string[] AbortClasses = ["none", "connection_lost", "timeout", "sender_quit", "other", "unknown"];

    /// <summary>Splunk's own fields and search-time modifiers, present on every event.</summary>
    private static readonly HashSet<string> SplunkBuiltIns = new(StringComparer.Ordinal)
    {
        "_time", "_raw", "host", "source", "sourcetype", "index", "eventtype", "tag", "earliest", "latest", "count",
    };

    /// <summary>The firewall's fields the firewall guide names (ECS for Elasticsearch, CIM Network Traffic for Splunk).</summary>
    private static readonly Dictionary<string, HashSet<string>> FirewallFields = new(StringComparer.Ordinal)
    {
        ["esql"] = ["source.nat.ip", "destination.port", "destination.nat.ip", "event.reason"],
        ["kql"] = ["source.nat.ip", "destination.port", "destination.nat.ip"],
        ["spl"] = ["src_translated_ip", "dest_port", "dest_translated_ip"],
    };

    private static readonly Lazy<HashSet<string>> SplunkFields = new(LoadSplunkFields);

    public static TheoryData<DocQuery> Queries() => [.. Guides.SelectMany(DocQueries.In)];

    [Theory]
    [MemberData(nameof(Queries))]
    public void EveryFieldAQueryUsesExists(DocQuery query)
    {
        var fields = Fields(query).ToList();
        var known = KnownFields(query);
        var firewall = query.File == "correlating-firewall-logs.md" ? FirewallFields[query.Language] : [];

        Assert.NotEmpty(fields);
        var unknown = fields.Where(f => !known.Contains(f) && !firewall.Contains(f)).ToList();
        Assert.True(unknown.Count == 0, $"{query}: no such field: {string.Join(", ", unknown)}\n{query.Text}");
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void EverySplunkSearchUsesTheMacroAndTheSourcetypeAndEveryEsqlQueryOurDataStream(DocQuery query)
    {
        switch (query.Language)
        {
            case "spl":
                Assert.True(
                    query.Text.Contains("`esa_index` sourcetype=cisco:esa:session", StringComparison.Ordinal)
                    || query.Text.Contains("`esa_index` sourcetype=cisco:esa:connection", StringComparison.Ordinal),
                    $"{query}: not from `esa_index` and one of our sourcetypes");
                break;
            case "esql":
                Assert.True(
                    query.Text.StartsWith("FROM logs-cisco_esa.session-*", StringComparison.Ordinal)
                    || query.Text.StartsWith("FROM logs-cisco_esa.connection-*", StringComparison.Ordinal),
                    $"{query}: not from one of our data streams");
                break;
        }
    }

    /// <summary>The fields of what the query reads: session documents or events, connection ones, or both.</summary>
    private static HashSet<string> KnownFields(DocQuery query)
    {
        bool connections = query.Text.Contains("cisco_esa.connection", StringComparison.Ordinal) || query.Text.Contains("cisco:esa:connection", StringComparison.Ordinal);
        bool sessions = !connections || query.Text.Contains("cisco_esa.session", StringComparison.Ordinal) || query.Text.Contains("cisco:esa:session", StringComparison.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (query.Language == "spl")
        {
            known.UnionWith(SplunkBuiltIns);
            known.UnionWith(sessions ? SplunkFields.Value : []);
            known.UnionWith(connections ? SplunkEventFields.ConnectionDeclared.Select(k => k.Replace("{}", string.Empty, StringComparison.Ordinal)) : []);
        }
        else
        {
            known.UnionWith(sessions ? AssetJson.MappedFields.Keys : []);
            known.UnionWith(connections ? AssetJson.ConnectionMappedFields.Keys : []);
        }

        return known;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void AbortClassValuesAreRealClasses(DocQuery query)
    {
        foreach (Match m in ClassValue().Matches(query.Text))
        {
            Assert.Contains(m.Groups[1].Value, AbortClasses);
        }
    }

    [Fact]
    public void FindingAbortsHasEveryClassAndNearTimeoutInEveryLanguage()
    {
        var queries = DocQueries.In("finding-aborts.md");
        foreach (string language in DocQueries.Languages)
        {
            foreach (string abortClass in (string[])["connection_lost", "timeout", "sender_quit", "other"])
            {
                Assert.True(
                    queries.Any(q => q.Language == language && ClassValue().Matches(q.Text).Any(m => m.Groups[1].Value == abortClass)),
                    $"finding-aborts.md has no {language} query for {abortClass}");
            }

            Assert.True(queries.Any(q => q.Language == language && q.Text.Contains("near_timeout", StringComparison.Ordinal)), $"no {language} query for near_timeout");
        }
    }

    [Fact]
    public void TheFirewallGuideHasEsqlAndSplJoinsOnTheClientAddress()
    {
        var queries = DocQueries.In("correlating-firewall-logs.md");

        Assert.Contains(queries, q => q.Language == "esql" && q.Text.Contains("source.ip", StringComparison.Ordinal) && q.Text.Contains("BUCKET(@timestamp", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Language == "spl" && q.Text.Contains("src_ip", StringComparison.Ordinal) && q.Text.Contains("bin _time", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSplunkKeySetIsTheRealEventShape()
    {
        Assert.Contains("abort_class", SplunkFields.Value);
        Assert.Contains("near_timeout", SplunkFields.Value);
        Assert.Contains("src_ip", SplunkFields.Value);
        Assert.Contains("internal_message_id", SplunkFields.Value);
        Assert.DoesNotContain("cisco.esa.abort.class", SplunkFields.Value);
    }

    [Fact]
    public void TheExtractorsCatchAMisspelledField()
    {
        Assert.Equal(["cisco.esa.abort.klass"], DocQueries.KqlFields("cisco.esa.abort.klass : \"timeout: yes\""));
        Assert.Equal(
            ["cisco.esa.abort.class", "source.ip", "@x", "source.adress"],
            DocQueries.EsqlFields("FROM logs-x-* | WHERE cisco.esa.abort.class == \"timeout\" | STATS n = COUNT(*) BY source.ip, b = BUCKET(@x, 5 minutes) | EVAL y = source.adress | SORT n DESC"));
        Assert.Equal(
            ["abort_klass", "count", "src_ip", "idle_seconds", "_time", "duration"],
            DocQueries.SplFields("`esa_index` abort_klass=timeout | stats count AS n by src_ip | where n > 2 | bin idle_seconds span=10 | eval start=_time-duration, z=if(n>1, \"a\", null())"));
    }

    private static IEnumerable<string> Fields(DocQuery query) => query.Language switch
    {
        "kql" => DocQueries.KqlFields(query.Text),
        "esql" => DocQueries.EsqlFields(query.Text),
        "spl" => DocQueries.SplFields(query.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    };

    /// <summary>The envelope and event keys SplunkEventTranscoder writes for every message of samples/esa-mail.log.</summary>
    private static HashSet<string> LoadSplunkFields()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");
        var records = new List<SessionRecord>();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), records.Add);
        pipeline.SetSource("esa1.example.com", path);
        foreach (string line in File.ReadLines(path))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        pipeline.FlushIncomplete();
        var fields = new HashSet<string>(SplunkBuiltIns, StringComparer.Ordinal);
        foreach (var record in records)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SplunkEventTranscoder.Write(writer, EcsJson.ToUtf8(record), new SplunkEnvelope { Index = "esa" });
            }

            using var json = JsonDocument.Parse(buffer.ToArray());
            fields.UnionWith(json.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "event" && n != "time"));
            fields.UnionWith(json.RootElement.GetProperty("event").EnumerateObject().Select(p => p.Name));
        }

        return fields;
    }

    [GeneratedRegex(@"(?:abort\.class|abort_class)\s*(?::|==|=)\s*""?([a-z_]+)")]
    private static partial Regex ClassValue();
}

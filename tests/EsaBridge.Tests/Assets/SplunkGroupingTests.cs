using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Deploy;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// Splunk's <c>stats ... BY</c>, <c>chart</c>, <c>timechart</c> and <c>top</c> leave out every event that lacks a
/// group-by field (Splunk's stats documentation: "If a field ... does not exist in an event, the event is not
/// included in the results", unless <c>fillnull</c> gives it a value first), where ES|QL's <c>STATS ... BY</c> keeps
/// them in a null group. Every SPL search the project ships (the views, the alerts and the docs' blocks) that
/// groups on a field an event may lack fills it first, or selects only events that have it (<c>field=*</c>).
/// </summary>
public partial class SplunkGroupingTests
{
    public static TheoryData<string, string> Searches()
    {
        var data = new TheoryData<string, string>();
        foreach (var view in ShippedAssets.SplunkApp.Where(f => f.Path.StartsWith("default/data/ui/views/", StringComparison.Ordinal)))
        {
            foreach (var query in System.Xml.Linq.XDocument.Parse(view.Text).Descendants("query"))
            {
                data.Add(view.Path, query.Value);
            }
        }

        foreach (var (name, alert) in ConfReader.Read(ShippedAssets.SplunkApp.Single(f => f.Path == "default/savedsearches.conf").Text))
        {
            data.Add($"savedsearches.conf [{name}]", alert["search"]);
        }

        foreach (string page in Directory.GetFiles(AssetJson.RepositoryFile("docs"), "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal)!)
        {
            foreach (var query in DocQueries.In(page!).Where(q => q.Language == "spl"))
            {
                data.Add(query.ToString(), query.Text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public void NoSearchDropsEventsThatLackAGroupByField(string where, string search)
    {
        var dropped = FieldsThatDropRows(search, AlwaysPresent.Value);

        Assert.True(dropped.Count == 0, $"{where}: groups by {string.Join(", ", dropped)} without fillnull or field=*");
    }

    [Fact]
    public void TheCheckCatchesAGroupingOnAFieldSomeEventsLack()
    {
        var always = AlwaysPresent.Value;

        Assert.Contains("abort_class", always);
        Assert.DoesNotContain("src_host", always);
        Assert.Equal(["src_ip", "src_host"], FieldsThatDropRows("`esa_index` sourcetype=cisco:esa:session | top limit=20 src_ip src_host", always));
        Assert.Equal(["src_host"], FieldsThatDropRows("`esa_index` sourcetype=cisco:esa:session | fillnull value=x src_ip | stats count by src_ip, src_host", always));
        Assert.Empty(FieldsThatDropRows("`esa_index` sourcetype=cisco:esa:session src_host=* | stats count BY src_host", always));
        Assert.Empty(FieldsThatDropRows("`esa_index` sourcetype=cisco:esa:session | eval t=coalesce(tls, \"none\") | stats count BY t, abort_class", always));
        Assert.Equal(["idle_seconds"], FieldsThatDropRows("`esa_index` sourcetype=cisco:esa:session | chart count over idle_seconds by abort_class", always));
    }

    /// <summary>The event keys <see cref="SplunkEventTranscoder"/> writes for a record with nothing optional, plus Splunk's own fields.</summary>
    private static readonly Lazy<HashSet<string>> AlwaysPresent = new(() =>
    {
        var bare = new SessionRecord { EventId = "0", Appliance = "esa", Mid = 1, Outcome = MessageOutcome.Incomplete, StartSeconds = 0, EndSeconds = 0, AbortClass = AbortClass.None };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SplunkEventTranscoder.Write(writer, EcsJson.ToUtf8(bare), new SplunkEnvelope());
        }

        var ev = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("event");
        var fields = new HashSet<string>(SplunkEventFields.BuiltIn, StringComparer.Ordinal);
        fields.UnionWith(ev.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Array).Select(p => p.Name));
        return fields;
    });

    /// <summary>The group-by fields of the search's stats, chart, timechart, top and rare that an event may lack at that point.</summary>
    private static List<string> FieldsThatDropRows(string search, IReadOnlySet<string> alwaysPresent)
    {
        var present = new HashSet<string>(alwaysPresent, StringComparer.Ordinal);
        var dropped = new List<string>();
        string[] commands = Quoted().Replace(Token().Replace(search.Replace('\n', ' '), "token"), "\"\"").Split('|');
        present.UnionWith(Required().Matches(commands[0]).Select(m => m.Groups[1].Value));
        foreach (string raw in commands.Skip(1))
        {
            string command = raw.Trim();
            string name = command.Split(' ', 2)[0];
            string args = command[name.Length..];
            var words = args.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Contains('=', StringComparison.Ordinal)).ToList();
            IEnumerable<string> groups = name switch
            {
                "stats" or "timechart" or "chart" => GroupBy().Matches(args).SelectMany(m => m.Groups[1].Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)),
                "top" or "rare" => words.Where(w => !w.Equals("by", StringComparison.OrdinalIgnoreCase)),
                _ => [],
            };
            dropped.AddRange(groups.Where(g => !present.Contains(g) && !dropped.Contains(g)));
            switch (name)
            {
                case "fillnull":
                    present.UnionWith(words);
                    break;
                case "eval":
                    present.UnionWith(Assigned().Matches(args).Select(m => m.Groups[1].Value));
                    break;
                case "where":
                    present.UnionWith(NotNull().Matches(args).Select(m => m.Groups[1].Value));
                    break;
                case "stats" or "timechart" or "chart" or "top" or "rare":
                    // After an aggregation every row has every column it made.
                    present.UnionWith(Aliases().Matches(args).Select(m => m.Groups[1].Value));
                    present.UnionWith(groups);
                    present.Add("count");
                    break;
            }
        }

        return dropped;
    }

    /// <summary>The fields after <c>by</c> or <c>over</c>, up to the next keyword or the end of the command.</summary>
    [GeneratedRegex(@"\b(?:by|BY|over|OVER)\s+([\w.{}]+(?:\s*,\s*[\w.{}]+|\s+(?!by\b|BY\b|over\b|OVER\b)[\w.{}]+)*)")]
    private static partial Regex GroupBy();

    [GeneratedRegex(@"(?<![\w.])([\w.{}]+)=\*")]
    private static partial Regex Required();

    [GeneratedRegex(@"(?:^|,)\s*([\w.]+)\s*=")]
    private static partial Regex Assigned();

    /// <summary><c>where isnotnull(field)</c> keeps only the events that have the field.</summary>
    [GeneratedRegex(@"\bisnotnull\(\s*([\w.]+)\s*\)")]
    private static partial Regex NotNull();

    [GeneratedRegex(@"\b(?:AS|as)\s+([\w.]+)")]
    private static partial Regex Aliases();

    /// <summary>A dashboard token such as <c>$appliance|s$</c> (its filter's bar is not a pipe).</summary>
    [GeneratedRegex(@"\$[\w.]+(\|[a-z]+)?\$")]
    private static partial Regex Token();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();
}

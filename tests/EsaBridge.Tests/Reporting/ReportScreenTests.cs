using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Reporting;
using EsaBridge.Tests.Cli;
using Spectre.Console;

namespace EsaBridge.Tests.Reporting;

/// <summary>The shipped sample's report as a person sees it in a 120x40 terminal.</summary>
public partial class ReportScreenTests
{
    private static readonly string SamplePath = Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    [Fact]
    public void The_sample_fits_one_120x40_screen_with_the_headline_first()
    {
        string[] all = RenderSample(width: 120);
        string[] lines = [.. all[..Array.FindIndex(all, l => l.Contains(StoryTitle, StringComparison.Ordinal))].Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse()];

        // The abort part: the summary line on stderr takes the last two rows of the 40.
        Assert.True(lines.Length <= 38, $"{lines.Length} lines:\n{string.Join('\n', lines)}");
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
        Assert.StartsWith("── EsaBridge report · 2014-08-14T10:15:10Z to 2014-08-20T22:47:51Z", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            "35 messages: 19 done (incl. 3 content drops) · 16 aborted (45.7 %) · 8 near the 300 s listener timeout",
            lines[1].TrimEnd());
        int classes = Array.FindIndex(lines, l => l.Contains("Aborts by class", StringComparison.Ordinal));
        Assert.Equal(classes, Array.FindIndex(lines, l => l.Contains("Idle seconds before the abort", StringComparison.Ordinal)));
        Assert.Contains(lines[classes..], l => Regex.IsMatch(l, @"│ timeout\s+│\s+5 │\s+31\.2 % │\s+5 │"));
        Assert.Contains(lines[classes..], l => Regex.IsMatch(l, @"│ .*≈300 s \(listener timeout\)\s+█+ 8"));
        Assert.True(classes < Array.FindIndex(lines, l => l.StartsWith("Where the aborts came from", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_source_row_is_a_combination_the_documents_really_have()
    {
        var rows = SourceRows(RenderSample(width: 120));
        var documents = CliRun.Of(["parse", "--no-connections", SamplePath]).StdoutLines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(d => (
                Class: d.GetProperty("cisco").GetProperty("esa").GetProperty("abort").GetProperty("class").GetString(),
                Ip: Text(d, "source", "ip"),
                Dns: Text(d, "source", "domain"),
                Group: Text(d, "cisco", "esa", "connection", "sender_group")))
            .ToList();

        Assert.Equal(10, rows.Count);
        Assert.All(rows, row => Assert.Equal(row.Count, documents.Count(d => d == (row.Class, row.Ip, row.Dns, row.Group))));
        Assert.Contains(("connection_lost", "192.0.2.201", "201.2.0.192.dyn.example.net", "SUSPECTLIST"), rows.Select(r => (r.Class, r.Ip, r.Dns, r.Group)));
    }

    [Fact]
    public void The_disposition_and_verdict_counts_are_the_documents_counts()
    {
        string[] lines = RenderSample(width: 120);
        var documents = CliRun.Of(["parse", SamplePath, "--no-connections"]).StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var shown = lines.SkipWhile(l => !l.Contains(StoryTitle, StringComparison.Ordinal))
            .Select(l => DispositionRow().Match(l))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var expected = documents.GroupBy(d => Text(d, "cisco", "esa", "disposition")!).ToDictionary(g => g.Key, g => (long)g.Count());

        Assert.Equal(expected.OrderBy(kv => kv.Key), shown.OrderBy(kv => kv.Key));
        var spam = documents.Select(d => Text(d, "cisco", "esa", "verdict", "spam")).OfType<string>().ToList();
        Assert.NotEmpty(spam);
        string spamRow = lines.Single(l => l.Contains("│ spam ", StringComparison.Ordinal));
        Assert.Contains($"│ spam      │ {spam.Count,8} │", spamRow, StringComparison.Ordinal);
        Assert.All(spam.Distinct(), v => Assert.Contains($"{v} {spam.Count(s => s == v)}", spamRow, StringComparison.Ordinal));
    }

    private const string StoryTitle = "Messages by disposition";

    private static string[] RenderSample(int width)
    {
        var builder = new ReportBuilder(300, 5);
        var pipeline = new LogPipeline(new ParserOptions(), new SessionizerOptions(), builder.Add);
        foreach (string line in File.ReadLines(SamplePath))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        ReportRenderer.Render(builder.Build(), console);
        return writer.ToString().TrimEnd('\n').Split('\n');
    }

    /// <summary>The rows of "Where the aborts came from", the class carried down from the row that names it.</summary>
    private static List<(string Class, long Count, string? Ip, string? Dns, string? Group)> SourceRows(string[] lines)
    {
        var rows = new List<(string, long, string?, string?, string?)>();
        string current = string.Empty;
        foreach (string line in lines.SkipWhile(l => !l.StartsWith("Where the aborts came from", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("Next steps", StringComparison.Ordinal)))
        {
            var m = SourceRow().Match(line);
            if (m.Success)
            {
                current = m.Groups[1].Value.Length > 0 ? m.Groups[1].Value : current;
                rows.Add((current, long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Part(m.Groups[3].Value), Part(m.Groups[4].Value), Part(m.Groups[5].Value)));
            }
        }

        return rows;
    }

    private static string? Part(string cell) => cell == "-" ? null : cell;

    private static string? Text(JsonElement document, params string[] path)
    {
        var e = document;
        foreach (string name in path)
        {
            if (!e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.GetString();
    }

    [GeneratedRegex(@"^│ ([a-z_]+)\s+│\s+(\d+) │\s+[\d.]+ % │")]
    private static partial Regex DispositionRow();

    [GeneratedRegex(@"^│ (\w*)\s*│\s+(\d+) │ (\S+)\s+│ (\S+)\s+│ (\S+)\s+│$")]
    private static partial Regex SourceRow();
}

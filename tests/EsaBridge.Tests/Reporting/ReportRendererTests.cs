using System.Text.RegularExpressions;
using EsaBridge.Core.Sessions;
using EsaBridge.Reporting;
using Spectre.Console;

namespace EsaBridge.Tests.Reporting;

public class ReportRendererTests
{
    private static string Render(ReportData data, int width = 400)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        ReportRenderer.Render(data, console);
        return writer.ToString();
    }

    private static ReportData Build(params SessionRecord[] records)
    {
        var builder = new ReportBuilder(300, 5);
        foreach (var r in records)
        {
            builder.Add(r);
        }

        return builder.Build();
    }

    private static ReportData Sample() => Build(
        [
            .. Enumerable.Range(0, 12).Select(_ => Sessions.Done()),
            Sessions.Done(reason: "Dropped by CASE"),
            Sessions.Aborted(
                AbortClass.ConnectionLost,
                idle: 36,
                connection: Sessions.From("192.168.0.200", "ns.example.com", "RELAY_SG")),
            .. Enumerable.Range(0, 7).Select(_ => Sessions.Aborted(
                AbortClass.Timeout,
                idle: 300,
                near: true,
                connection: Sessions.From("198.51.100.7", "mx.partner.example.co.uk", "ACCEPTLIST"))),
            Sessions.Aborted(
                AbortClass.SenderQuit,
                idle: 3,
                reason: "Receiving aborted by sender",
                connection: Sessions.From("192.168.0.200")),
            Sessions.Incomplete(end: 1_408_573_507),
        ]);

    [Fact]
    public void Leads_with_the_headline_then_aborts_by_class_as_shares_of_the_aborts()
    {
        string[] lines = Render(Sample()).Split('\n');

        Assert.StartsWith("── EsaBridge report", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            "23 messages: 13 done (incl. 1 content drop) · 9 aborted (39.1 %) · 1 incomplete · 7 near the 300 s listener timeout",
            lines[1].TrimEnd());
        string output = string.Join('\n', lines);
        Assert.Matches(@"│ connection_lost\s+│\s+1 │\s+11\.1 % │\s+0 │", output);
        Assert.Matches(@"│ timeout\s+│\s+7 │\s+77\.8 % │\s+7 │", output);
        Assert.Matches(@"│ other\s+│\s+0 │\s+0\.0 % │\s+0 │", output);
        Assert.Matches(@"│ all aborts\s+│\s+9 │\s+100\.0 % │\s+7 │", output);
        Assert.DoesNotMatch(@"│ (none|unknown|done|total)\s", output);
        AbortClass[] occurred = [AbortClass.ConnectionLost, AbortClass.Timeout, AbortClass.SenderQuit];
        Assert.All(occurred, c => Assert.Contains(AbortClassNames.Hint(c)!, output, StringComparison.Ordinal));
        Assert.DoesNotContain(AbortClassNames.Hint(AbortClass.Other)!, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_time_span_and_the_timeout_bin()
    {
        string output = Render(Sample());

        Assert.Contains("2014-08-14T11:05:36Z to 2014-08-20T22:25:07Z", output, StringComparison.Ordinal);
        Assert.Matches(@"≈300 s \(listener timeout\)\s+\S+ 7", output);
        Assert.Contains("near timeout: idle 295-305 s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_source_row_is_one_combination_and_empty_classes_are_skipped()
    {
        string output = Render(Sample());

        Assert.Contains("Where the aborts came from", output, StringComparison.Ordinal);
        Assert.Matches(@"│ timeout\s+│\s+7 │ 198\.51\.100\.7\s+│ mx\.partner\.example\.co\.uk\s+│ ACCEPTLIST\s+│", output);
        Assert.Matches(@"│ connection_lost\s+│\s+1 │ 192\.168\.0\.200\s+│ ns\.example\.com\s+│ RELAY_SG\s+│", output);
        Assert.Matches(@"│ sender_quit\s+│\s+1 │ 192\.168\.0\.200\s+│ -\s+│ -\s+│", output);
        Assert.DoesNotMatch(@"│ other\s+│\s+\d+ │ (\d+\.){3}\d+", output);
    }

    [Fact]
    public void Sums_the_sources_beyond_the_top_three_in_one_row()
    {
        var data = Build(
            [.. Enumerable.Range(1, 5).Select(i => Sessions.Aborted(AbortClass.SenderQuit, connection: Sessions.From($"192.0.2.{i}")))]);

        Assert.Matches(@"│\s+│\s+2 │ 2 other sources\s+│", Render(data));
    }

    [Fact]
    public void Says_so_when_there_are_no_messages()
    {
        string output = Render(Build());

        Assert.Contains("EsaBridge report", output, StringComparison.Ordinal);
        Assert.Contains("No finished messages in the input.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Aborts by class", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_so_when_nothing_was_aborted()
    {
        string output = Render(Build(Sessions.Done(), Sessions.Incomplete()));

        Assert.Contains("No aborted messages.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Aborts by class", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Prints_markup_like_log_data_as_text()
    {
        var data = Build(
            Sessions.Aborted(
                AbortClass.SenderQuit, connection: Sessions.From("192.0.2.1", "[bold]x.example[/]", "[red]SUSPECT")),
            Sessions.Aborted(AbortClass.Other, connection: Sessions.From("[/]", "[", "]")));

        string output = Render(data);

        Assert.Contains("[red]SUSPECT", output, StringComparison.Ordinal);
        Assert.Contains("[/]", output.Replace("[bold]x.example[/]", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("[bold]x.example[/]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(80)]
    public void Renders_in_a_narrow_terminal(int width) =>
        Assert.Contains("Aborts by class", Render(Sample(), width), StringComparison.Ordinal);

    private static ReportData StorySample() => Build(
        [
            .. Enumerable.Range(0, 6).Select(_ => Sessions.Story(
                "delivered", new VerdictSnapshot { Spam = "negative", Antivirus = "negative", Amp = "clean", DmarcResult = "pass" }, recipients: [Sessions.Delivered(0)])),
            Sessions.Story("quarantined", new VerdictSnapshot { Spam = "positive" }, quarantines: ["spam"]),
            Sessions.Story("quarantined", new VerdictSnapshot { Outbreak = "positive", Antivirus = "negative" }, quarantines: ["Outbreak", "Policy", "Outbreak"]),
            Sessions.Story("dropped", new VerdictSnapshot { Amp = "malicious", DmarcResult = "fail" }),
            Sessions.Story(
                "partially_delivered",
                recipients: [Sessions.Delivered(0), Sessions.Bounced(1, "5.1.1"), Sessions.Bounced(2, "5.1.1"), Sessions.Bounced(3, null)]),
            Sessions.Story("bounced", recipients: [Sessions.Bounced(0, "5.7.1")]),
            Sessions.Aborted(AbortClass.SenderQuit, connection: Sessions.From("192.0.2.1")),
        ]);

    private static string Row(string output, string first) =>
        output.Split('\n').Single(l => Regex.IsMatch(l, $@"^│ {Regex.Escape(first)}\s+│"));

    [Fact]
    public void After_the_aborts_counts_messages_by_disposition_in_the_contracts_order()
    {
        string output = Render(StorySample(), width: 80);

        Assert.True(output.IndexOf("Next steps", StringComparison.Ordinal) < output.IndexOf("Messages by disposition", StringComparison.Ordinal));
        Assert.Matches(@"│ delivered\s+│\s+6 │\s+54\.5 % │", Row(output, "delivered"));
        Assert.Matches(@"│ quarantined\s+│\s+2 │\s+18\.2 % │", Row(output, "quarantined"));
        string[] order = ["delivered", "partially_delivered", "bounced", "dropped", "quarantined"];
        var positions = order.Select(d => output.IndexOf($"│ {d} ", StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Verdicts_are_counted_per_scan_most_frequent_first()
    {
        string output = Render(StorySample(), width: 80);

        Assert.Contains(output.Split('\n'), l => Regex.IsMatch(l, @"^│ spam\s+│\s+7 │ negative 6 · positive 1\s+│$"));
        Assert.Matches(@"│ antivirus\s+│\s+7 │ negative 7\s+│", Row(output, "antivirus"));
        Assert.Matches(@"│ amp\s+│\s+7 │ clean 6 · malicious 1\s+│", Row(output, "amp"));
        Assert.Matches(@"│ outbreak\s+│\s+1 │ positive 1\s+│", Row(output, "outbreak"));
        Assert.Matches(@"│ dmarc\s+│\s+7 │ pass 6 · fail 1\s+│", Row(output, "dmarc"));
    }

    [Fact]
    public void Quarantines_count_each_message_once_and_bounces_count_recipients_by_status_code()
    {
        string output = Render(StorySample(), width: 80);

        Assert.Matches(@"│ Outbreak\s+│\s+1 │", Row(output, "Outbreak"));
        Assert.Matches(@"│ Policy\s+│\s+1 │", Row(output, "Policy"));
        Assert.Matches(@"│ spam\s+│\s+1 │$", output.Split('\n').Single(l => l.StartsWith("│ spam ", StringComparison.Ordinal) && !l.Contains("negative", StringComparison.Ordinal)));
        Assert.Matches(@"│ 5\.1\.1\s+│\s+2 │", Row(output, "5.1.1"));
        Assert.Matches(@"│ 5\.7\.1\s+│\s+1 │", Row(output, "5.7.1"));
        Assert.Matches(@"│ no code\s+│\s+1 │", Row(output, "no code"));
    }

    [Fact]
    public void Sums_the_quarantines_beyond_the_top_five_in_one_row()
    {
        var data = Build([.. Enumerable.Range(1, 7).Select(i => Sessions.Story("quarantined", quarantines: [$"Q{i}"]))]);

        Assert.Matches(@"│ 2 others\s+│\s+2 │", Render(data, width: 80));
    }

    [Fact]
    public void The_summary_shows_even_when_nothing_was_aborted_and_not_for_records_without_a_story()
    {
        string withStory = Render(Build(Sessions.Story("delivered")));
        string without = Render(Build(Sessions.Done()));

        Assert.Contains("No aborted messages.", withStory, StringComparison.Ordinal);
        Assert.Matches(@"│ delivered\s+│\s+1 │\s+100\.0 % │", withStory);
        Assert.DoesNotContain("Messages by disposition", without, StringComparison.Ordinal);
        Assert.DoesNotContain("Verdicts", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Side_by_side_in_a_wide_terminal_with_the_same_counts()
    {
        string output = Render(StorySample(), width: 120);

        string pair = output.Split('\n').Single(l => l.Contains("│ delivered ", StringComparison.Ordinal));
        Assert.Matches(@"│ delivered\s+│\s+6 │\s+54\.5 % │\s+│ spam\s+│\s+7 │ negative 6 · positive 1\s+│", pair);
    }
}

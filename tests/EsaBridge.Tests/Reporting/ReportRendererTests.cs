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
    public void Shows_outcomes_classes_counts_and_next_steps()
    {
        string output = Render(Sample());

        Assert.Contains("Messages by outcome", output, StringComparison.Ordinal);
        Assert.Contains("Aborts by class", output, StringComparison.Ordinal);
        string[] names =
            ["done", "aborted", "incomplete", "none", "connection_lost", "timeout", "sender_quit", "other", "unknown"];
        Assert.All(names, name => Assert.Contains(name, output, StringComparison.Ordinal));

        Assert.Matches(@"│ done\s+│\s+13 │", output);
        Assert.Matches(@"│ aborted\s+│\s+9 │", output);
        Assert.Matches(@"│ timeout\s+│\s+7 │\s+30\.4 % │\s+7 │", output);
        Assert.Matches(@"│ total\s+│\s+23 │", output);
        Assert.Contains("done incl. 1 content drop", output, StringComparison.Ordinal);
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
        Assert.Contains("near timeout = idle 295-305 s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_where_each_abort_class_came_from_and_skips_empty_classes()
    {
        string output = Render(Sample());

        Assert.Contains("Where timeout came from (7 messages)", output, StringComparison.Ordinal);
        Assert.Matches(@"│ 198\.51\.100\.7 │ 7 │ example\.co\.uk\s+│ 7 │ ACCEPTLIST\s+│ 7 │", output);
        Assert.Contains("Where sender_quit came from (1 message)", output, StringComparison.Ordinal);
        Assert.Contains("not in the log: reverse DNS 1 · sender group 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Where other came from", output, StringComparison.Ordinal);
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
        Assert.Contains("[bold]x.example[/]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(80)]
    public void Renders_in_a_narrow_terminal(int width) =>
        Assert.Contains("Aborts by class", Render(Sample(), width), StringComparison.Ordinal);
}

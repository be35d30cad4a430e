using EsaBridge.Core.Sessions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EsaBridge.Reporting;

/// <summary>
/// Writes a <see cref="ReportData"/> to a terminal, answer first: the headline, then aborts by class beside the
/// idle-time chart, then where the aborts came from and the tech note's next steps; then what became of the messages
/// (disposition, verdicts, quarantines, bounce codes). At 120 columns a sample-sized log's abort part fits one
/// 40-line screen, so nothing a person needs for the aborts scrolls off.
/// </summary>
public static class ReportRenderer
{
    // Below this width the class table and the chart do not fit side by side and are written one under the other.
    private const int SideBySideWidth = 100;

    // The class table's width with its padding: what the chart beside it leaves alone.
    private const int ClassTableWidth = 58;

    public static void Render(ReportData data, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(console);

        console.Write(new Rule(Title(data)) { Justification = Justify.Left });
        RenderMessages(data, console);
        if (data.Connections is { } connections && (connections.Total > 0 || connections.RefusedWithoutIcid > 0))
        {
            console.WriteLine();
            ConnectionTables.Render(connections, console);
        }
    }

    private static void RenderMessages(ReportData data, IAnsiConsole console)
    {
        if (data.TotalMessages == 0)
        {
            console.MarkupLine("[yellow]No finished messages in the input.[/]");
            return;
        }

        console.MarkupLine(Headline(data));
        if (data.Count(MessageOutcome.Aborted) == 0)
        {
            console.MarkupLine("[dim]No aborted messages.[/]");
        }
        else
        {
            RenderAborts(data, console);
        }

        if (data.HasStory)
        {
            console.WriteLine();
            console.Write(StoryTables.Summary(data, console.Profile.Width >= SideBySideWidth));
        }
    }

    private static void RenderAborts(ReportData data, IAnsiConsole console)
    {
        console.WriteLine();
        console.Write(Overview(data, console.Profile.Width));
        console.WriteLine();
        console.MarkupLine(ReportTables.SourcesHeading);
        console.Write(ReportTables.Sources(data));
        if (ReportTables.NextSteps(data) is { } steps)
        {
            console.MarkupLine("[bold]Next steps[/] [dim](from Cisco's tech note on receiving aborts)[/]");
            console.Write(steps);
        }
    }

    private static IRenderable Overview(ReportData data, int width)
    {
        var classes = ReportTables.Classes(data);
        if (width < SideBySideWidth)
        {
            return new Rows(classes, new Text(string.Empty), IdleChart.WithTitle(data, width));
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(4)).AddColumn(new GridColumn().NoWrap());
        grid.AddRow(classes, IdleChart.WithTitle(data, width - ClassTableWidth));
        return grid;
    }

    private static string Title(ReportData data) =>
        data is { FirstTimestampSeconds: { } first, LastTimestampSeconds: { } last }
            ? $"[bold]EsaBridge report[/] · {ReportFormat.Timestamp(first)} to {ReportFormat.Timestamp(last)}"
            : "[bold]EsaBridge report[/]";

    /// <summary>The one line that answers the question: how many messages, how many aborted, how many near the timeout.</summary>
    private static string Headline(ReportData data)
    {
        long aborted = data.Count(MessageOutcome.Aborted);
        long incomplete = data.Count(MessageOutcome.Incomplete);
        string drops = data.ContentDrops > 0 ? $" (incl. {ReportFormat.Counted(data.ContentDrops, "content drop")})" : string.Empty;
        string line =
            $"[bold]{ReportFormat.Counted(data.TotalMessages, "message")}[/]: " +
            $"{ReportFormat.Count(data.Count(MessageOutcome.Done))} done{drops} · " +
            $"[bold {ReportColors.Of(MessageOutcome.Aborted).ToMarkup()}]{ReportFormat.Count(aborted)} aborted[/] " +
            $"({ReportFormat.Share(aborted, data.TotalMessages)})";
        if (incomplete > 0)
        {
            line += $" · {ReportFormat.Count(incomplete)} incomplete";
        }

        return line + (aborted == 0
            ? string.Empty
            : $" · [bold]{ReportFormat.Count(data.NearTimeoutTotal)}[/] near the {data.ListenerTimeoutSeconds} s listener timeout");
    }
}

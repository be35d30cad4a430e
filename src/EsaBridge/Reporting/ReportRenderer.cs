using EsaBridge.Core.Sessions;
using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>Writes a <see cref="ReportData"/> to a terminal: tables, the idle-time chart and a legend.</summary>
public static class ReportRenderer
{
    public static void Render(ReportData data, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(console);

        console.Write(new Rule(Title(data)) { Justification = Justify.Left });
        if (data.TotalMessages == 0)
        {
            console.MarkupLine("[yellow]No finished messages in the input.[/]");
            return;
        }

        console.MarkupLine(Summary(data));
        console.WriteLine();
        console.Write(ReportTables.Outcomes(data));
        console.WriteLine();
        console.Write(ReportTables.Classes(data));
        if (ReportTables.NextSteps(data) is { } steps)
        {
            console.MarkupLine("[bold]Next steps[/] [dim](from Cisco's tech note on receiving aborts)[/]");
            console.Write(steps);
        }

        console.WriteLine();
        console.MarkupLine("[bold]Idle seconds before the abort[/] [dim](aborted messages)[/]");
        if (data.IdleHistogram.Any(b => b.Count > 0))
        {
            console.Write(IdleChart.Of(data, console.Profile.Width));
        }
        else
        {
            console.MarkupLine("[dim]No aborted messages.[/]");
        }

        foreach (var tops in data.TopsByClass.Where(t => t.Messages > 0))
        {
            console.WriteLine();
            console.Write(ReportTables.Tops(tops));
        }

        console.WriteLine();
        console.MarkupLine(Legend(data));
    }

    private static string Title(ReportData data) =>
        data is { FirstTimestampSeconds: { } first, LastTimestampSeconds: { } last }
            ? $"[bold]EsaBridge report[/] · {ReportFormat.Timestamp(first)} to {ReportFormat.Timestamp(last)}"
            : "[bold]EsaBridge report[/]";

    private static string Summary(ReportData data) =>
        $"[bold]{ReportFormat.Counted(data.TotalMessages, "message")}[/] · " +
        $"[bold]{ReportFormat.Count(data.Count(MessageOutcome.Aborted))}[/] aborted · " +
        $"[bold]{ReportFormat.Count(data.NearTimeoutTotal)}[/] near the listener timeout";

    private static string Legend(ReportData data)
    {
        var bin = data.IdleHistogram.First(b => b.IsListenerTimeout);
        return $"[dim]near timeout = idle {bin.From}-{bin.To} s (red bar) · share = of all messages[/]";
    }
}

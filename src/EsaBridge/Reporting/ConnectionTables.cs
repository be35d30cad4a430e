using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>The report's connections section (<see cref="ConnectionSummary"/>). Values from the log go through <see cref="Markup.Escape"/>.</summary>
internal static class ConnectionTables
{
    public static void Render(ConnectionSummary summary, IAnsiConsole console)
    {
        string refused = summary.RefusedWithoutIcid > 0
            ? $" · {ReportFormat.Count(summary.RefusedWithoutIcid)} refused before an ICID (ICID 0 TCPREFUSE, no document)"
            : string.Empty;
        console.MarkupLine($"[bold]{ReportFormat.Counted(summary.Total, "inbound connection")}[/]{refused}");
        var endings = new Table().Border(TableBorder.Rounded).Title("[bold]Connections by ending[/]")
            .AddColumn(new TableColumn("Ending").NoWrap())
            .AddColumn(new TableColumn("Connections").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned());
        foreach (var e in summary.Endings.Where(e => e.Count > 0))
        {
            endings.AddRow(e.Name, ReportFormat.Count(e.Count), ReportFormat.Share(e.Count, summary.Total));
        }

        console.Write(endings);
        if (summary.QuietTops.All(t => t.Messages == 0))
        {
            return;
        }

        console.MarkupLine("[bold]Lost and timed-out connections without a message[/] [dim](each row: one source IP with its reverse DNS and sender group; - = not in the log)[/]");
        console.Write(ReportTables.Sources(summary.QuietTops, "Connections"));
    }
}

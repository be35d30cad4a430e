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
        var sources = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Class").NoWrap())
            .AddColumn(new TableColumn("Connections").RightAligned())
            .AddColumn(new TableColumn("Source IP").NoWrap())
            .AddColumn(new TableColumn("Reverse DNS"))
            .AddColumn(new TableColumn("Sender group"));
        foreach (var tops in summary.QuietTops.Where(t => t.Messages > 0))
        {
            string name = ReportColors.Paint(tops.Name, ReportColors.Of(tops.Class));
            foreach (var row in tops.Rows)
            {
                sources.AddRow(name, ReportFormat.Count(row.Count), Cell(row.SourceIp), Cell(row.ReverseDns), Cell(row.SenderGroup));
                name = string.Empty;
            }

            if (tops.OtherSources > 0)
            {
                sources.AddRow(name, ReportFormat.Count(tops.OtherMessages), $"[dim]{ReportFormat.Counted(tops.OtherSources, "other source")}[/]", string.Empty, string.Empty);
            }
        }

        console.Write(sources);
    }

    private static string Cell(string? value) => value is null ? "[dim]-[/]" : Markup.Escape(value);
}

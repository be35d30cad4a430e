using EsaBridge.Core.Sessions;
using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>The report's tables. Every value that came from a log goes through <see cref="Markup.Escape"/>.</summary>
internal static class ReportTables
{
    /// <summary>Written for a part the log did not hold (no connection line, no reverse DNS, ...).</summary>
    private const string NotLogged = "-";

    /// <summary>Aborted messages only, each class's share of the aborts, and how many were near the timeout.</summary>
    public static Table Classes(ReportData data)
    {
        long aborted = data.Count(MessageOutcome.Aborted);
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title("[bold]Aborts by class[/]")
            .AddColumn(new TableColumn("Class").NoWrap())
            .AddColumn(new TableColumn("Aborts").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned())
            .AddColumn(new TableColumn("Near timeout").RightAligned());
        foreach (var c in data.AbortClasses)
        {
            table.AddRow(
                ReportColors.Paint(c.Name, ReportColors.Of(c.Class)),
                ReportFormat.Count(c.Count),
                ReportFormat.Share(c.Count, aborted),
                ReportFormat.Count(c.NearTimeout));
        }

        table.AddRow(
            "[bold]all aborts[/]",
            $"[bold]{ReportFormat.Count(aborted)}[/]",
            aborted == 0 ? string.Empty : $"[bold]{ReportFormat.Share(aborted, aborted)}[/]",
            $"[bold]{ReportFormat.Count(data.NearTimeoutTotal)}[/]");
        var bin = data.IdleHistogram.First(b => b.IsListenerTimeout);
        table.Caption($"[dim]near timeout: idle {bin.From}-{bin.To} s (red bar)[/]");
        return table;
    }

    /// <summary>The heading of <see cref="Sources"/>: a line of its own, as it is wider than the table.</summary>
    public static string SourcesHeading =>
        $"[bold]Where the aborts came from[/] [dim](each row: one source IP with its reverse DNS and sender group; {NotLogged} = not in the log)[/]";

    /// <summary>
    /// The most frequent sources of each abort class; every row is one combination of source IP, reverse DNS and
    /// sender group that messages really had, counted together.
    /// </summary>
    public static Table Sources(ReportData data) => Sources(data.TopsByClass, "Aborts");

    /// <summary>The most frequent sources of each class that has any, <paramref name="countColumn"/> counting each row.</summary>
    public static Table Sources(IEnumerable<ClassTops> topsByClass, string countColumn)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Class").NoWrap())
            .AddColumn(new TableColumn(countColumn).RightAligned())
            .AddColumn(new TableColumn("Source IP").NoWrap())
            .AddColumn(new TableColumn("Reverse DNS"))
            .AddColumn(new TableColumn("Sender group"));
        foreach (var tops in topsByClass.Where(t => t.Messages > 0))
        {
            string name = ReportColors.Paint(tops.Name, ReportColors.Of(tops.Class));
            foreach (var row in tops.Rows)
            {
                table.AddRow(name, ReportFormat.Count(row.Count), Cell(row.SourceIp), Cell(row.ReverseDns), Cell(row.SenderGroup));
                name = string.Empty;
            }

            if (tops.OtherSources > 0)
            {
                table.AddRow(
                    name,
                    ReportFormat.Count(tops.OtherMessages),
                    $"[dim]{ReportFormat.Counted(tops.OtherSources, "other source")}[/]",
                    string.Empty,
                    string.Empty);
            }
        }

        return table;
    }

    /// <summary>The tech note's next step for each class that occurred; null when none did.</summary>
    public static Grid? NextSteps(ReportData data)
    {
        var occurred = data.Classes.Where(c => c.Count > 0 && c.Hint is not null).ToList();
        if (occurred.Count == 0)
        {
            return null;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap().Padding(2, 0, 2, 0)).AddColumn();
        foreach (var c in occurred)
        {
            grid.AddRow(new Markup(ReportColors.Paint(c.Name, ReportColors.Of(c.Class))), new Markup(Markup.Escape(c.Hint!)));
        }

        return grid;
    }

    private static string Cell(string? value) => value is null ? $"[dim]{NotLogged}[/]" : Markup.Escape(value);
}

using EsaBridge.Core.Sessions;
using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>The report's tables. Every value that came from a log goes through <see cref="Markup.Escape"/>.</summary>
internal static class ReportTables
{
    public static Table Outcomes(ReportData data)
    {
        var table = new Table()
            .Title("[bold]Messages by outcome[/]")
            .AddColumn("Outcome")
            .AddColumn(new TableColumn("Messages").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned());
        foreach (var o in data.Outcomes)
        {
            table.AddRow(
                ReportColors.Paint(o.Name, ReportColors.Of(o.Outcome)),
                ReportFormat.Count(o.Count),
                ReportFormat.Share(o.Count, data.TotalMessages));
        }

        table.AddRow("[bold]total[/]", $"[bold]{ReportFormat.Count(data.TotalMessages)}[/]", string.Empty);
        if (data.ContentDrops > 0)
        {
            table.Caption($"[dim]done incl. {ReportFormat.Counted(data.ContentDrops, "content drop")}[/]");
        }

        return table;
    }

    public static Table Classes(ReportData data)
    {
        var table = new Table()
            .Title("[bold]Aborts by class[/]")
            .AddColumn(new TableColumn("Class").NoWrap())
            .AddColumn(new TableColumn("Messages").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned())
            .AddColumn(new TableColumn("Near timeout").RightAligned());
        foreach (var c in data.Classes)
        {
            table.AddRow(
                ReportColors.Paint(c.Name, ReportColors.Of(c.Class)),
                ReportFormat.Count(c.Count),
                ReportFormat.Share(c.Count, data.TotalMessages),
                ReportFormat.Count(c.NearTimeout));
        }

        table.AddRow(
            "[bold]total[/]",
            $"[bold]{ReportFormat.Count(data.TotalMessages)}[/]",
            string.Empty,
            $"[bold]{ReportFormat.Count(data.NearTimeoutTotal)}[/]");
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

    public static Table Tops(ClassTops tops)
    {
        string title = $"Where {ReportColors.Paint(tops.Name, ReportColors.Of(tops.Class))} came from " +
            $"({ReportFormat.Counted(tops.Messages, "message")})";
        var table = new Table()
            .Title($"[bold]{title}[/]")
            .AddColumn(new TableColumn("Source IP").NoWrap())
            .AddColumn(new TableColumn("n").RightAligned())
            .AddColumn("Domain (reverse DNS)")
            .AddColumn(new TableColumn("n").RightAligned())
            .AddColumn("Sender group")
            .AddColumn(new TableColumn("n").RightAligned());
        int rows = new[] { tops.SourceIps, tops.Domains, tops.SenderGroups }.Max(t => t.Entries.Count);
        for (int i = 0; i < rows; i++)
        {
            table.AddRow([.. Cells(tops.SourceIps, i), .. Cells(tops.Domains, i), .. Cells(tops.SenderGroups, i)]);
        }

        string? missing = Missing(tops);
        if (missing is not null)
        {
            table.Caption($"[dim]{missing}[/]");
        }

        return table;
    }

    private static string[] Cells(TopList list, int row) =>
        row < list.Entries.Count
            ? [Markup.Escape(list.Entries[row].Value), ReportFormat.Count(list.Entries[row].Count)]
            : [string.Empty, string.Empty];

    private static string? Missing(ClassTops tops)
    {
        var parts = new (string Name, long Count)[]
        {
            ("source IP", tops.SourceIps.Unattributed),
            ("reverse DNS", tops.Domains.Unattributed),
            ("sender group", tops.SenderGroups.Unattributed),
        }.Where(p => p.Count > 0).Select(p => $"{p.Name} {ReportFormat.Count(p.Count)}").ToArray();
        return parts.Length == 0 ? null : "not in the log: " + string.Join(" · ", parts);
    }
}

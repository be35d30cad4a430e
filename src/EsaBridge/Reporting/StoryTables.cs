using Spectre.Console;
using Spectre.Console.Rendering;

namespace EsaBridge.Reporting;

/// <summary>
/// The report's part after the aborts: what became of the messages (disposition), what the scans said, where
/// messages were quarantined and why recipients bounced. Every value that came from a log goes through
/// <see cref="Markup.Escape"/>.
/// </summary>
internal static class StoryTables
{
    public const string DispositionTitle = "Messages by disposition";
    public const string VerdictTitle = "Verdicts";
    public const string QuarantineTitle = "Top quarantines";
    public const string BounceTitle = "Bounces by status code";

    /// <summary>Each table, two a row when <paramref name="sideBySide"/>; tables with nothing to show are left out.</summary>
    public static IRenderable Summary(ReportData data, bool sideBySide)
    {
        var tables = new List<IRenderable>();
        if (data.Dispositions.Count > 0)
        {
            tables.Add(Dispositions(data));
        }

        if (data.Verdicts.Any(v => v.Messages > 0))
        {
            tables.Add(Verdicts(data));
        }

        if (data.TopQuarantines.Total > 0)
        {
            tables.Add(Top(QuarantineTitle, "Quarantine", "Messages", data.TopQuarantines));
        }

        if (data.BounceCodes.Total > 0)
        {
            tables.Add(Top(BounceTitle, "Status code", "Recipients", data.BounceCodes));
        }

        if (!sideBySide)
        {
            return new Rows(tables);
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(4)).AddColumn(new GridColumn());
        for (int i = 0; i < tables.Count; i += 2)
        {
            grid.AddRow(tables[i], i + 1 < tables.Count ? tables[i + 1] : new Text(string.Empty));
        }

        return grid;
    }

    /// <summary>Every finished message counted once, by how it left the appliance.</summary>
    public static Table Dispositions(ReportData data)
    {
        long total = data.Dispositions.Sum(d => d.Count);
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{DispositionTitle}[/]")
            .AddColumn(new TableColumn("Disposition").NoWrap())
            .AddColumn(new TableColumn("Messages").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned());
        foreach (var d in data.Dispositions)
        {
            table.AddRow(Markup.Escape(d.Value), ReportFormat.Count(d.Count), ReportFormat.Share(d.Count, total));
        }

        return table;
    }

    /// <summary>One row per scan: the messages with a verdict, then each verdict with its messages, most first.</summary>
    public static Table Verdicts(ReportData data)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{VerdictTitle}[/]")
            .AddColumn(new TableColumn("Scan").NoWrap())
            .AddColumn(new TableColumn("Messages").RightAligned())
            .AddColumn(new TableColumn("Verdicts"));
        foreach (var scan in data.Verdicts)
        {
            string values = scan.Messages == 0
                ? "[dim]no verdict logged[/]"
                : string.Join(" · ", scan.Values.Select(v => $"{Markup.Escape(v.Value)} {ReportFormat.Count(v.Count)}"));
            table.AddRow(scan.Scan, ReportFormat.Count(scan.Messages), values);
        }

        return table;
    }

    private static Table Top(string title, string valueHeader, string countHeader, TopValues top)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]{title}[/]")
            .AddColumn(new TableColumn(valueHeader))
            .AddColumn(new TableColumn(countHeader).RightAligned());
        foreach (var row in top.Rows)
        {
            table.AddRow(Markup.Escape(row.Value), ReportFormat.Count(row.Count));
        }

        if (top.OtherValues > 0)
        {
            table.AddRow($"[dim]{ReportFormat.Counted(top.OtherValues, "other")}[/]", ReportFormat.Count(top.OtherCount));
        }

        return table;
    }
}

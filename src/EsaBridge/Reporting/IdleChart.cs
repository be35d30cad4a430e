using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>
/// The idle-seconds histogram as a bar chart whose listener-timeout bar stands out in red. No title: the
/// renderer writes it, because a bar chart's own label does not line up with the rest of the report.
/// </summary>
internal static class IdleChart
{
    private const int MaxWidth = 100;

    public static BarChart Of(ReportData data, int consoleWidth)
    {
        var chart = new BarChart()
            .Width(Math.Min(consoleWidth, MaxWidth))
            .UseValueFormatter(v => ReportFormat.Count((long)v));
        foreach (var bin in data.IdleHistogram)
        {
            string label = bin.IsListenerTimeout
                ? $"[bold {ReportColors.TimeoutBar.ToMarkup()}]{Markup.Escape(bin.Label)}[/]"
                : Markup.Escape(bin.Label);
            chart.AddItem(label, bin.Count, bin.IsListenerTimeout ? ReportColors.TimeoutBar : ReportColors.Bar);
        }

        return chart;
    }
}

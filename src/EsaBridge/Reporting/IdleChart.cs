using Spectre.Console;
using Spectre.Console.Rendering;

namespace EsaBridge.Reporting;

/// <summary>The idle-seconds histogram as a bar chart whose listener-timeout bar stands out in red.</summary>
internal static class IdleChart
{
    private const int MaxWidth = 100;

    /// <summary>The chart under its own title line (a bar chart's label does not line up with the rest).</summary>
    public static IRenderable WithTitle(ReportData data, int width) => new Rows(
        new Markup("[bold]Idle seconds before the abort[/]"),
        Of(data, width));

    public static BarChart Of(ReportData data, int width)
    {
        var chart = new BarChart()
            .Width(Math.Clamp(width, 20, MaxWidth))
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

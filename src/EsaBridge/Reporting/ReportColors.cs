using EsaBridge.Core.Sessions;
using Spectre.Console;

namespace EsaBridge.Reporting;

/// <summary>One color per class and outcome, so a class looks the same in every table of the report.</summary>
internal static class ReportColors
{
    public static Color Of(AbortClass abortClass) => abortClass switch
    {
        AbortClass.None => Color.Green,
        AbortClass.ConnectionLost => Color.DarkOrange,
        AbortClass.Timeout => Color.Red,
        AbortClass.SenderQuit => Color.Yellow,
        AbortClass.Other => Color.SteelBlue1,
        _ => Color.Grey,
    };

    public static Color Of(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Done => Color.Green,
        MessageOutcome.Aborted => Color.Red,
        _ => Color.Grey,
    };

    public static Color Bar => Color.SteelBlue1;

    public static Color TimeoutBar => Color.Red;

    /// <summary>Escaped text in the given color, ready to go into markup.</summary>
    public static string Paint(string text, Color color) => $"[{color.ToMarkup()}]{Markup.Escape(text)}[/]";
}

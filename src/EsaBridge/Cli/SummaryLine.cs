using System.Globalization;
using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>The one-line account of a batch run printed on stderr.</summary>
internal static class SummaryLine
{
    public static string Format(LogPipeline pipeline)
    {
        var c = pipeline.Counters;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"esabridge: {c.LinesRead} lines read, {c.Used} used, {c.NotUsed} not used, {c.Malformed} malformed; ");
        text.Append(CultureInfo.InvariantCulture, $"{c.Documents} documents (");
        text.AppendJoin(", ", AbortClassNames.All.Select(k => string.Create(CultureInfo.InvariantCulture, $"{AbortClassNames.Of(k)} {c.DocumentsOf(k)}")));
        text.Append(CultureInfo.InvariantCulture, $"); {pipeline.Sessions.OpenMessages} still open");
        return text.ToString();
    }
}

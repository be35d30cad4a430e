using System.Globalization;
using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>The one-line account of a batch run printed on stderr.</summary>
/// <remarks>Built from plain appends of numbers already turned into text: interpolation and LINQ over value types would
/// be JIT-compiled at the very end of every run, after the last line was read (docs/PERFORMANCE.md).</remarks>
internal static class SummaryLine
{
    public static string Format(LogPipeline pipeline)
    {
        var c = pipeline.Counters;
        var text = new StringBuilder("esabridge: ");
        text.Append(Text(c.LinesRead)).Append(" lines read, ")
            .Append(Text(c.Used)).Append(" used, ")
            .Append(Text(c.NotUsed)).Append(" not used, ")
            .Append(Text(c.Malformed)).Append(" malformed; ")
            .Append(Text(c.Documents)).Append(" documents (");
        var classes = AbortClassNames.All;
        for (int i = 0; i < classes.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(AbortClassNames.Of(classes[i])).Append(' ').Append(Text(c.DocumentsOf(classes[i])));
        }

        text.Append("); ").Append(Counted(pipeline.Sessionizer.OpenMessages, "message")).Append(" and ")
            .Append(Counted(pipeline.Sessionizer.OpenConnections, "connection")).Append(" still open");
        if (c.ConnectionDocuments > 0)
        {
            text.Append("; ").Append(Counted(c.ConnectionDocuments, "connection document"));
        }

        if (c.RefusedWithoutIcid > 0)
        {
            text.Append("; ").Append(Counted(c.RefusedWithoutIcid, "connection")).Append(" refused before an ICID (ICID 0 TCPREFUSE)");
        }
        if (c.EvictedMessages > 0 || c.EvictedConnections > 0)
        {
            text.Append("; open-session limits reached: ").Append(Text(c.EvictedMessages)).Append(" oldest messages sent as incomplete documents, ")
                .Append(Text(c.EvictedConnections)).Append(" oldest connections forgotten");
        }

        return text.ToString();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Counted(long value, string noun) => Text(value) + " " + noun + (value == 1 ? string.Empty : "s");
}

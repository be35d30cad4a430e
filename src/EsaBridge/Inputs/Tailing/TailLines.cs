using EsaBridge.Core.Sessions;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Splits what <see cref="ITailSink.Lines"/> receives (complete lines, each ending in <c>\n</c>).</summary>
internal static class TailLines
{
    public static void Feed(LogPipeline pipeline, ReadOnlySpan<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            int newline = lines.IndexOf((byte)'\n');
            pipeline.Feed(lines[..newline]);
            lines = lines[(newline + 1)..];
        }
    }
}

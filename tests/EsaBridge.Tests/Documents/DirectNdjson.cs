using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests;

/// <summary>The NDJSON the <c>parse</c> path writes for some lines: documents straight from the sessionizer's state.</summary>
public static class DirectNdjson
{
    /// <param name="flushBytes">Small values make the sink hand off arrays often (the hand-off path is tested too).</param>
    /// <param name="connections">Connection documents too (<c>parse</c>'s default); off here, where most tests are about messages.</param>
    public static string Of(IEnumerable<byte[]> lines, string? appliance, string? logPath, int flushBytes = 1 << 16, bool flushIncomplete = false, bool connections = false)
    {
        var output = new MemoryStream();
        var sink = new NdjsonDocumentSink(
            written =>
            {
                output.Write(written);
                return new byte[16];
            },
            new byte[16],
            flushBytes);
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions { Connections = connections }, sink);
        pipeline.SetSource(appliance, logPath);
        foreach (byte[] line in lines)
        {
            pipeline.Feed(line);
        }

        if (flushIncomplete)
        {
            pipeline.FlushIncomplete();
        }

        sink.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>
    /// The same lines through <see cref="SessionRecord"/>s (the report's read model) and back into the writer
    /// (<see cref="EcsJson"/>), one line per document: a record holds everything its document shows.
    /// </summary>
    public static string ViaRecords(IEnumerable<byte[]> lines, string? appliance, string? logPath, bool flushIncomplete = false)
    {
        var json = new StringBuilder();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), r => json.Append(EcsJson.ToJson(r)).Append('\n'));
        pipeline.SetSource(appliance, logPath);
        foreach (byte[] line in lines)
        {
            pipeline.Feed(line);
        }

        if (flushIncomplete)
        {
            pipeline.FlushIncomplete();
        }

        return json.ToString();
    }
}

using System.Text;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>Feeds lines through a fresh pipeline and keeps what came out.</summary>
public sealed class PipelineRun
{
    public PipelineRun(SessionizerOptions? sessionizer = null, ParserOptions? parser = null, string appliance = "esa1.example.com")
    {
        Pipeline = new LogPipeline(parser ?? new ParserOptions { Year = 2014 }, sessionizer ?? new SessionizerOptions(), new SessionRecordSink(Records.Add, Connections.Add));
        Pipeline.SetSource(appliance, null);
    }

    public List<SessionRecord> Records { get; } = [];

    /// <summary>The connection documents' records, in the order they were written.</summary>
    public List<ConnectionRecord> Connections { get; } = [];

    public LogPipeline Pipeline { get; }

    public PipelineCounters Counters => Pipeline.Counters;

    public static PipelineRun Of(IEnumerable<string> lines, SessionizerOptions? options = null)
    {
        var run = new PipelineRun(options);
        run.Feed(lines);
        return run;
    }

    public PipelineRun Feed(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            Pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        return this;
    }

    public SessionRecord Single(long mid) => Assert.Single(Records, r => r.Mid == mid);

    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    public static IEnumerable<string> SampleLines(string name) => File.ReadLines(SamplePath(name));
}

using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>Parser and sessionizer joined: feed lines of one stream in order, receive finished messages.</summary>
public sealed class LogPipeline
{
    private readonly MailLogParser _parser;

    public LogPipeline(ParserOptions parserOptions, SessionizerOptions sessionizerOptions, Action<SessionRecord> emit)
        : this(parserOptions, sessionizerOptions, new SessionRecordSink(emit))
    {
    }

    public LogPipeline(ParserOptions parserOptions, SessionizerOptions sessionizerOptions, FinishedMessageSink finished)
    {
        _parser = new MailLogParser(parserOptions);
        Sessions = new Sessionizer(sessionizerOptions, finished);
    }

    public Sessionizer Sessions { get; }

    public PipelineCounters Counters => Sessions.Counters;

    public void SetSource(string? appliance, string? logPath) => Sessions.SetSource(appliance, logPath);

    /// <param name="line">One line without its line break.</param>
    public void Feed(ReadOnlySpan<byte> line)
    {
        _parser.Parse(line, out var parsed);
        Sessions.Process(line, in parsed);
    }

    /// <summary>A line the reader had to cut because it exceeded the length limit: counted as malformed.</summary>
    public void FeedOversized() => Sessions.Process([], new ParsedLine { Kind = LineKind.Malformed });

    public void FlushIncomplete() => Sessions.FlushIncomplete();
}

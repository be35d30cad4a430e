using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// The parser and the sessionizer of one stream of lines, made from the same options. The lines go through the
/// front end (<c>EsaBridge.Pipeline.ParsingStage</c>): parsed with <see cref="Parser"/> on the reading thread and
/// handed to <see cref="Sessionizer"/> on another.
/// </summary>
public sealed class LogPipeline
{
    public LogPipeline(ParserOptions parserOptions, SessionizerOptions sessionizerOptions, Action<SessionRecord> emit)
        : this(parserOptions, sessionizerOptions, new SessionRecordSink(emit))
    {
    }

    public LogPipeline(ParserOptions parserOptions, SessionizerOptions sessionizerOptions, FinishedMessageSink finished)
    {
        Parser = new MailLogParser(parserOptions);
        Sessionizer = new Sessionizer(sessionizerOptions, finished);
    }

    public MailLogParser Parser { get; }

    public Sessionizer Sessionizer { get; }

    public PipelineCounters Counters => Sessionizer.Counters;

    public void SetSource(string? appliance, string? logPath) => Sessionizer.SetSource(appliance, logPath);

    public void FlushIncomplete() => Sessionizer.FlushIncomplete();
}

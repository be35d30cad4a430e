using EsaBridge.Core.Sessions;
using EsaBridge.Logging;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>Says when the open-session limits push sessions out: at once the first time, then at most once a minute, with totals.</summary>
internal sealed partial class EvictionLog(SessionizerOptions options, ILogger logger)
{
    private readonly RateLimitedLog _limit = new(TimeSpan.FromMinutes(1));
    private long _messages;
    private long _connections;

    public void Report(PipelineCounters counters)
    {
        long messages = counters.EvictedMessages;
        long connections = counters.EvictedConnections;
        if ((messages == _messages && connections == _connections) || !_limit.ShouldLog(out _))
        {
            return;
        }

        LogEvicted(logger, messages - _messages, options.MaxOpenMessages, connections - _connections, options.MaxOpenConnections, messages, connections);
        _messages = messages;
        _connections = connections;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "open-session limits reached: {Messages} oldest open messages sent as incomplete documents (--max-open-messages {MaxMessages}) and {Connections} oldest open connections forgotten (--max-open-connections {MaxConnections}) since the last report; {TotalMessages} messages and {TotalConnections} connections since start")]
    private static partial void LogEvicted(ILogger logger, long messages, int maxMessages, long connections, int maxConnections, long totalMessages, long totalConnections);
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Inputs.Syslog;

/// <summary>Hands a syslog message to the pipeline: the parser takes the appliance from the syslog host.</summary>
internal static class SyslogFeed
{
    public static void Feed(LogPipeline pipeline, SyslogMessage message)
    {
        if (message.Oversized)
        {
            pipeline.FeedOversized();
        }
        else
        {
            pipeline.Feed(message.Span);
        }
    }
}

using EsaBridge.Core.Sessions;
using EsaBridge.Inputs.Syslog;

namespace EsaBridge.Tests.Inputs;

/// <summary>Hands a syslog message to the one-thread test pipeline: the parser takes the appliance from the syslog host.</summary>
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

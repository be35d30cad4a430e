using System.Threading.Channels;

namespace EsaBridge.Inputs.Syslog;

/// <summary>The queue between the listeners (writers) and the pipeline thread (the one reader, with TryRead).</summary>
internal static class SyslogChannel
{
    public static Channel<SyslogMessage> CreateBounded(int capacity) =>
        Channel.CreateBounded<SyslogMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
}

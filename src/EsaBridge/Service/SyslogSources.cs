using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>Starts the syslog listeners <c>run</c> was given.</summary>
internal static class SyslogSources
{
    public static IReadOnlyList<ISyslogSource> Start(RunSettings settings, ILogger logger, CancellationToken stop)
    {
        if (settings.SyslogUdp.Count + settings.SyslogTcp.Count > 0)
        {
            throw new NotSupportedException("syslog listeners are not wired in yet");
        }

        return [];
    }
}

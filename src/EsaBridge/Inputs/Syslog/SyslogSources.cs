using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using EsaBridge.Service;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Inputs.Syslog;

/// <summary>The syslog listeners <c>run</c> was given, all feeding one bounded queue the ingest thread drains.</summary>
internal sealed class SyslogSources : IAsyncDisposable
{
    private const int QueueCapacity = 50_000;

    private readonly List<SyslogUdpListener> _udp = [];
    private readonly List<SyslogTcpListener> _tcp = [];
    private readonly Channel<SyslogMessage> _queue = SyslogChannel.CreateBounded(QueueCapacity);

    private SyslogSources()
    {
    }

    public ChannelReader<SyslogMessage> Reader => _queue.Reader;

    public int Count => _udp.Count + _tcp.Count;

    public long Received => _udp.Sum(l => l.Counters.Received) + _tcp.Sum(l => l.Counters.Received);

    public long Dropped => _udp.Sum(l => l.Counters.Dropped) + _tcp.Sum(l => l.Counters.Dropped);

    public SyslogTotals Totals() => new(
        _udp.Sum(l => l.KernelDrops),
        _udp.Sum(l => l.Counters.Oversized) + _tcp.Sum(l => l.Counters.Oversized),
        _tcp.Sum(l => l.Counters.FramingErrors),
        _tcp.Sum(l => l.Counters.Connections),
        _tcp.Sum(l => l.Counters.RejectedConnections),
        _tcp.Sum(l => l.Counters.IdleClosed),
        _tcp.Sum(l => l.OpenConnections));

    public static SyslogSources Start(RunSettings settings, ILogger logger, CancellationToken stop)
    {
        var sources = new SyslogSources();
        var options = new SyslogOptions
        {
            MaxMessageBytes = settings.SyslogMaxMessageBytes,
            MaxConnections = settings.SyslogTcpMaxConnections,
            TcpIdleTimeout = settings.SyslogTcpIdleTimeout,
            UdpReceiveBufferBytes = settings.SyslogUdpReceiveBufferBytes,
        };
        string listening = string.Empty;
        try
        {
            foreach (string address in settings.SyslogUdp)
            {
                var endpoint = SyslogEndpoint.Parse(address);
                listening = $"UDP {new IPEndPoint(endpoint.Address, endpoint.Port)}";
                sources._udp.Add(SyslogUdpListener.Start(endpoint, options, sources._queue.Writer, stop, logger));
            }

            foreach (string address in settings.SyslogTcp)
            {
                var endpoint = SyslogEndpoint.Parse(address);
                listening = $"TCP {new IPEndPoint(endpoint.Address, endpoint.Port)}";
                sources._tcp.Add(SyslogTcpListener.Start(endpoint, options, sources._queue.Writer, stop, logger));
            }
        }
        catch (SocketException e)
        {
            sources.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new InputException($"syslog: cannot listen on {listening} ({e.Message})");
        }

        return sources;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _udp.Cast<IAsyncDisposable>().Concat(_tcp))
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace EsaBridge.Inputs.Syslog;

/// <summary>
/// Receives one syslog message per datagram. A message that cannot be queued at once (the channel is full) is
/// dropped and counted: UDP senders cannot be slowed down.
/// </summary>
internal sealed class SyslogUdpListener : IAsyncDisposable
{
    private const int MaxDatagramBytes = 65536;

    private readonly Socket _socket;
    private readonly SyslogOptions _options;
    private readonly ChannelWriter<SyslogMessage> _writer;
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private SyslogUdpListener(Socket socket, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation)
    {
        _socket = socket;
        _options = options;
        _writer = writer;
        LocalEndPoint = socket.LocalEndPoint!;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _loop = Task.Run(() => ReceiveAsync(_stop.Token));
    }

    public EndPoint LocalEndPoint { get; }

    public SyslogCounters Counters { get; } = new();

    /// <summary>Binds at once (a port in use fails here, as a <see cref="SocketException"/>) and receives in the background.</summary>
    public static SyslogUdpListener Start(SyslogEndpoint endpoint, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation = default)
    {
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            try
            {
                socket.ReceiveBufferSize = options.UdpReceiveBufferBytes;
            }
            catch (SocketException)
            {
                // The kernel's limit stands.
            }

            socket.Bind(endpoint.ToIPEndPoint());
            return new SyslogUdpListener(socket, options, writer, cancellation);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveAsync(CancellationToken cancellation)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramBytes);
        EndPoint anyRemote = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellation.IsCancellationRequested)
        {
            SocketReceiveFromResult datagram;
            try
            {
                datagram = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anyRemote, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP "port unreachable" reported on a later receive (Windows), or a datagram over the buffer.
                continue;
            }
            catch (SocketException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A transient receive error: the socket stays usable; pause so a persistent one cannot spin.
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            Deliver(buffer.AsSpan(0, datagram.ReceivedBytes), datagram.RemoteEndPoint);
        }
    }

    private void Deliver(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        SyslogMessage? message;
        if (datagram.TrimEnd("\r\n\0"u8).Length > _options.MaxMessageBytes)
        {
            Counters.AddOversized();
            message = SyslogMessage.TooLong(remote);
        }
        else
        {
            message = SyslogMessage.From(datagram, remote);
        }

        if (message is null)
        {
            return;
        }

        Counters.AddReceived();
        if (_writer.TryWrite(message))
        {
            Counters.AddQueued();
        }
        else
        {
            Counters.AddDropped();
        }
    }
}

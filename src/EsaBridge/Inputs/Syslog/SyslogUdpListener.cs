using EsaBridge.Logging;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Inputs.Syslog;

/// <summary>Receives one syslog message per datagram on a thread of its own, with blocking receives: no per-datagram
/// task, so it keeps up with a fast sender. One thread per socket keeps each sender's datagrams in order (the sessions
/// depend on it). A message that cannot be queued at once (the channel is full) is dropped and counted: UDP senders
/// cannot be slowed down. What the kernel dropped before the thread could read it (a full receive buffer) is read from
/// the socket (<see cref="KernelDrops"/>) and logged when it grows.</summary>
internal sealed partial class SyslogUdpListener : IAsyncDisposable
{
    private const int MaxDatagramBytes = 65536;
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33;

    // Lets the receive thread see a stop even when no datagram comes.
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DropCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly SyslogOptions _options;
    private readonly ChannelWriter<SyslogMessage> _writer;
    private readonly CancellationTokenSource _stop;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Timer _dropWatch;
    private readonly RateLimitedLog _dropLog = new(TimeSpan.FromSeconds(30));
    private long _dropsLogged;

    private SyslogUdpListener(Socket socket, SyslogOptions options, ChannelWriter<SyslogMessage> writer, ILogger logger, CancellationToken cancellation)
    {
        _socket = socket;
        _options = options;
        _writer = writer;
        _logger = logger;
        LocalEndPoint = socket.LocalEndPoint!;
        ReceiveBufferBytes = socket.ReceiveBufferSize;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _thread = new Thread(Receive) { IsBackground = true, Name = "syslog udp " + LocalEndPoint };
        _thread.Start();
        _dropWatch = new Timer(_ => CheckDrops(), null, DropCheckInterval, DropCheckInterval);
    }

    public EndPoint LocalEndPoint { get; }

    public SyslogCounters Counters { get; } = new();

    /// <summary>The socket's receive buffer as the kernel granted it (Linux reports twice what it holds of payload).</summary>
    public int ReceiveBufferBytes { get; }

    /// <summary>Datagrams the kernel dropped for this socket since it was opened (Linux; 0 elsewhere).</summary>
    public long KernelDrops => UdpKernelDrops.Read(_socket);

    /// <summary>Binds at once (a port in use fails here, as a <see cref="SocketException"/>) and receives in the background.</summary>
    public static SyslogUdpListener Start(
        SyslogEndpoint endpoint, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation = default, ILogger? logger = null)
    {
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            RequestReceiveBuffer(socket, options.UdpReceiveBufferBytes);
            socket.ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds;
            socket.Bind(endpoint.ToIPEndPoint());
            var listener = new SyslogUdpListener(socket, options, writer, logger ?? NullLogger.Instance, cancellation);
            if (listener.ReceiveBufferBytes < options.UdpReceiveBufferBytes)
            {
                LogSmallBuffer(listener._logger, listener.LocalEndPoint, listener.ReceiveBufferBytes, options.UdpReceiveBufferBytes);
            }

            return listener;
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
        await _dropWatch.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _thread.Join(ReceiveTimeout * 4);
        _stop.Dispose();
    }

    /// <summary>Beyond <c>net.core.rmem_max</c> when the process may (CAP_NET_ADMIN, e.g. root), else up to it.</summary>
    private static void RequestReceiveBuffer(Socket socket, int bytes)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
                return;
            }
            catch (SocketException)
            {
                // Not permitted: the capped request below.
            }
        }

        try
        {
            socket.ReceiveBufferSize = bytes;
        }
        catch (SocketException)
        {
            // The kernel's limit stands.
        }
    }

    private void Receive()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramBytes);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var address = any.Serialize();
        SocketAddress? lastAddress = null;
        EndPoint? lastRemote = null;
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP "port unreachable" reported on a later receive (Windows), or a datagram over the buffer.
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException || (e is SocketException && _stop.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // A transient receive error: the socket stays usable; pause so a persistent one cannot spin.
                Thread.Sleep(100);
                continue;
            }

            if (_stop.IsCancellationRequested)
            {
                // Received after the stop: left out, as it would be had the receive been cancelled.
                return;
            }

            // One appliance sends most datagrams in a row: its endpoint is made once, not per datagram.
            if (lastRemote is null || !address.Equals(lastAddress))
            {
                lastRemote = any.Create(address);
                lastAddress = lastRemote.Serialize();
            }

            Deliver(buffer.AsSpan(0, received), lastRemote);
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

    private void CheckDrops()
    {
        long total = KernelDrops;
        if (total > Interlocked.Read(ref _dropsLogged) && _dropLog.ShouldLog(out _))
        {
            long before = Interlocked.Exchange(ref _dropsLogged, total);
            LogKernelDrops(_logger, LocalEndPoint, total - before, total, ReceiveBufferBytes.ToString("N0", CultureInfo.InvariantCulture));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog udp {Listener}: the kernel dropped {Dropped} datagrams since the last such line ({Total} in all): they came faster than they were read and the receive buffer ({Buffer} bytes) was full")]
    private static partial void LogKernelDrops(ILogger logger, EndPoint listener, long dropped, long total, string buffer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog udp {Listener}: the kernel granted a receive buffer of {Granted} bytes, not the {Asked} asked for (--syslog-udp-receive-buffer); raise net.core.rmem_max so that bursts are not dropped")]
    private static partial void LogSmallBuffer(ILogger logger, EndPoint listener, int granted, int asked);
}

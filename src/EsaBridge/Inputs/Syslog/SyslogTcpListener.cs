using EsaBridge.Logging;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Inputs.Syslog;

/// <summary>Serves syslog over TCP, octet-counted or newline-framed (decided per frame). When the channel is full a
/// connection stops reading until there is room, so the sender is slowed down and nothing is lost. Connections idle for
/// <see cref="SyslogOptions.TcpIdleTimeout"/> are closed, so idle ones cannot hold every slot for ever; refused
/// connections and framing errors are logged (at most one line per kind every 30 s, with the count held back).</summary>
internal sealed partial class SyslogTcpListener : IAsyncDisposable
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;
    private readonly SyslogOptions _options;
    private readonly ChannelWriter<SyslogMessage> _writer;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _loop;
    private readonly ILogger _logger;
    private readonly RateLimitedLog _refusals = new(LogInterval);
    private readonly RateLimitedLog _framingErrors = new(LogInterval);

    private SyslogTcpListener(Socket listener, SyslogOptions options, ChannelWriter<SyslogMessage> writer, ILogger logger, CancellationToken cancellation)
    {
        _listener = listener;
        _options = options;
        _writer = writer;
        _logger = logger;
        LocalEndPoint = listener.LocalEndPoint!;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _loop = Task.Run(() => AcceptAsync(_stop.Token));
    }

    public EndPoint LocalEndPoint { get; }

    public SyslogCounters Counters { get; } = new();

    public int OpenConnections => _connections.Count;

    /// <summary>Binds at once (a port in use fails here, as a <see cref="SocketException"/>) and serves in the background.</summary>
    public static SyslogTcpListener Start(
        SyslogEndpoint endpoint, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation = default, ILogger? logger = null)
    {
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint.ToIPEndPoint());
            socket.Listen(128);
            return new SyslogTcpListener(socket, options, writer, logger ?? NullLogger.Instance, cancellation);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _loop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellation).ConfigureAwait(false);
            }
            catch (SocketException) when (!cancellation.IsCancellationRequested)
            {
                // A connection reset before it was accepted.
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                Counters.AddRejectedConnection();
                if (_refusals.ShouldLog(out long heldBack))
                {
                    LogRefused(_logger, LocalEndPoint, RemoteOf(client), _options.MaxConnections, IdleText(), heldBack);
                }

                client.Dispose();
                continue;
            }

            // Read here, not once serving starts: stopping may dispose the socket before its task first runs.
            var remote = RemoteOf(client);
            Counters.AddConnection();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[client] = ServeAfter(gate.Task, client, remote, cancellation);
            gate.SetResult();
        }
    }

    private async Task ServeAfter(Task registered, Socket client, EndPoint remote, CancellationToken cancellation)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await ServeAsync(client, remote, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private async Task ServeAsync(Socket client, EndPoint remote, CancellationToken cancellation)
    {
        var decoder = new SyslogFrameDecoder(_options.MaxMessageBytes);
        byte[] buffer = new byte[decoder.BufferBytes];
        int start = 0;
        int end = 0;
        CancellationTokenSource? idle = null;
        try
        {
            while (true)
            {
                int read;
                if (_options.TcpIdleTimeout is { } timeout)
                {
                    // Reused while its timer has not fired (it may fire while the channel is full: then a new one).
                    if (idle is null || !idle.TryReset())
                    {
                        idle?.Dispose();
                        idle = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                    }

                    idle.CancelAfter(timeout);
                    try
                    {
                        read = await client.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        Counters.AddIdleClosed();
                        LogIdleClosed(_logger, LocalEndPoint, remote, timeout.TotalSeconds);
                        return;
                    }
                }
                else
                {
                    read = await client.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellation).ConfigureAwait(false);
                }

                bool endOfStream = read == 0;
                end += read;
                while (true)
                {
                    var status = decoder.Next(buffer.AsSpan(start, end - start), endOfStream, out int consumed, out int frameStart, out int length);
                    var message = status switch
                    {
                        FrameStatus.Frame => SyslogMessage.From(buffer.AsSpan(start + frameStart, length), remote),
                        FrameStatus.Oversized => SyslogMessage.TooLong(remote),
                        _ => null,
                    };
                    start += consumed;
                    if (status == FrameStatus.Error)
                    {
                        Counters.AddFramingError();
                        if (_framingErrors.ShouldLog(out long heldBack))
                        {
                            LogFramingError(_logger, LocalEndPoint, remote, decoder.Error ?? "unframeable", heldBack);
                        }

                        return;
                    }

                    if (status == FrameStatus.NeedMore)
                    {
                        break;
                    }

                    if (message is not null)
                    {
                        await QueueAsync(message, status == FrameStatus.Oversized, cancellation).ConfigureAwait(false);
                    }
                }

                if (endOfStream)
                {
                    return;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or ChannelClosedException)
        {
            // Stopped, reset by the peer, or the pipeline closed the channel: the connection ends.
        }
        finally
        {
            idle?.Dispose();
        }
    }

    /// <summary>The peer's address; a connection reset right after it was accepted has none to give.</summary>
    private static EndPoint RemoteOf(Socket client)
    {
        try
        {
            return client.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        }
        catch (SocketException)
        {
            return new IPEndPoint(IPAddress.None, 0);
        }
    }

    private string IdleText() => _options.TcpIdleTimeout is { } timeout
        ? string.Create(CultureInfo.InvariantCulture, $"idle ones are closed after {timeout.TotalSeconds:0.###} s")
        : "idle ones are never closed";

    private async Task QueueAsync(SyslogMessage message, bool oversized, CancellationToken cancellation)
    {
        Counters.AddReceived();
        if (oversized)
        {
            Counters.AddOversized();
        }

        await _writer.WriteAsync(message, cancellation).ConfigureAwait(false);
        Counters.AddQueued();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog tcp {Listener}: refused the connection from {Remote}: {Max} connections are open, the limit ({Idle}); {HeldBack} more refused since the last such line")]
    private static partial void LogRefused(ILogger logger, EndPoint listener, EndPoint? remote, int max, string idle, long heldBack);

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog tcp {Listener}: closed the connection from {Remote}: {Error}; {HeldBack} more framing errors since the last such line")]
    private static partial void LogFramingError(ILogger logger, EndPoint listener, EndPoint remote, string error, long heldBack);

    [LoggerMessage(Level = LogLevel.Debug, Message = "syslog tcp {Listener}: closed the connection from {Remote}, idle for {Seconds} s")]
    private static partial void LogIdleClosed(ILogger logger, EndPoint listener, EndPoint remote, double seconds);
}

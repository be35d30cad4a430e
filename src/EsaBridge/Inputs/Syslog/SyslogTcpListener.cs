using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace EsaBridge.Inputs.Syslog;

/// <summary>
/// Serves syslog over TCP, octet-counted or newline-framed (decided per frame). When the channel is full a
/// connection stops reading until there is room, so the sender is slowed down and nothing is lost.
/// </summary>
internal sealed class SyslogTcpListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly SyslogOptions _options;
    private readonly ChannelWriter<SyslogMessage> _writer;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _loop;

    private SyslogTcpListener(Socket listener, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation)
    {
        _listener = listener;
        _options = options;
        _writer = writer;
        LocalEndPoint = listener.LocalEndPoint!;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _loop = Task.Run(() => AcceptAsync(_stop.Token));
    }

    public EndPoint LocalEndPoint { get; }

    public SyslogCounters Counters { get; } = new();

    /// <summary>Connections being served now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Binds at once (a port in use fails here, as a <see cref="SocketException"/>) and serves in the background.</summary>
    public static SyslogTcpListener Start(SyslogEndpoint endpoint, SyslogOptions options, ChannelWriter<SyslogMessage> writer, CancellationToken cancellation = default)
    {
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint.ToIPEndPoint());
            socket.Listen(128);
            return new SyslogTcpListener(socket, options, writer, cancellation);
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!cancellation.IsCancellationRequested)
            {
                // A connection reset before it was accepted.
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                Counters.AddRejectedConnection();
                client.Dispose();
                continue;
            }

            Counters.AddConnection();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[client] = ServeAfter(gate.Task, client, cancellation);
            gate.SetResult();
        }
    }

    private async Task ServeAfter(Task registered, Socket client, CancellationToken cancellation)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await ServeAsync(client, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellation)
    {
        var remote = client.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        var decoder = new SyslogFrameDecoder(_options.MaxMessageBytes);
        byte[] buffer = new byte[decoder.BufferBytes];
        int start = 0;
        int end = 0;
        try
        {
            while (true)
            {
                int read = await client.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellation).ConfigureAwait(false);
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
    }

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
}

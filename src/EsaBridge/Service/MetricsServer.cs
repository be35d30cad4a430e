using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsaBridge.Cli;

namespace EsaBridge.Service;

/// <summary><c>--metrics ADDR:PORT</c>: Prometheus text at <c>/metrics</c> and a <c>/health</c> check (200 while
/// reading, <c>ok</c>, or <c>degraded</c> naming each output in trouble and why; 503 once reading has failed), bound to
/// loopback unless an address is given. Degraded stays 200: the service still reads and spools, and a container
/// restarted for an outage of its server would gain nothing.</summary>
internal sealed class MetricsServer : IDisposable
{
    /// <summary>A request's line and headers (a scraper's are a few hundred bytes).</summary>
    private const int MaxRequestBytes = 8 << 10;

    /// <summary>Clients served at once; more are closed at once, so a flood cannot pile up work.</summary>
    private const int MaxClients = 8;

    /// <summary>A client that has not sent its whole request by then is dropped (a slow or silent one holds no slot).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly Func<string, Reply> _answer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _clients = new(MaxClients);
    private readonly Task _loop;

    /// <remarks>
    /// A plain socket, not <see cref="HttpListener"/>: the managed HttpListener accepts its first connection before its
    /// constructor has made the table it locks, so a client already knocking when it starts (a scraper, a health check
    /// polling a restarted service) crashes the process with an ArgumentNullException (seen in this project's CI,
    /// dotnet/runtime HttpEndPointListener). Two paths and one reply each need no more than this.
    /// </remarks>
    internal MetricsServer(IPEndPoint endpoint, Func<string, Reply> answer)
    {
        _answer = answer;
        _listener = new TcpListener(endpoint);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _listener.Server.DualMode = true;
        }

        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The address it listens on (the port given, or the one the system chose for port 0).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public static MetricsServer Start(string address, RunService service) =>
        Start(address, path => Answer(ServiceSnapshot.Of(service), path));

    /// <exception cref="Inputs.InputException">The address cannot be listened on (in use, not this host's).</exception>
    internal static MetricsServer Start(string address, Func<string, Reply> answer)
    {
        var endpoint = EndpointOf(address);
        try
        {
            return new MetricsServer(endpoint, answer);
        }
        catch (SocketException e)
        {
            throw new Inputs.InputException($"--metrics '{address}': cannot listen ({e.Message})");
        }
    }

    /// <summary><c>9108</c>, <c>:9108</c>, <c>localhost:9108</c>, <c>0.0.0.0:9108</c>, <c>*:9108</c>, <c>[::]:9108</c>
    /// or <c>[::1]:9108</c>: loopback unless an address is given; <c>*</c> and <c>[::]</c> are every IPv4 and IPv6
    /// address, <c>0.0.0.0</c> every IPv4 one.</summary>
    /// <exception cref="UsageException">Not ADDR:PORT, or a host name that does not resolve.</exception>
    public static IPEndPoint EndpointOf(string address)
    {
        string text = address.Trim();
        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? string.Empty : text[..colon];
        string port = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
        {
            throw new UsageException($"--metrics: '{address}' is not ADDR:PORT");
        }

        string bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress ip = bare switch
        {
            "" or "localhost" => IPAddress.Loopback,
            "*" or "+" or "::" => Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any,
            _ when IPAddress.TryParse(bare, out var parsed) => parsed,
            _ => Resolve(address, bare),
        };
        return new IPEndPoint(ip, number);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Stopped under a pending accept: nothing to report.
        }
    }

    private static IPAddress Resolve(string address, string host)
    {
        try
        {
            return Dns.GetHostAddresses(host) is [var first, ..] ? first : throw new SocketException((int)SocketError.HostNotFound);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new UsageException($"--metrics: '{address}': cannot resolve '{host}'");
        }
    }

    private static Reply Answer(ServiceSnapshot snapshot, string path) => path switch
    {
        "/metrics" => new(200, "text/plain; version=0.0.4; charset=utf-8", PrometheusText.Render(snapshot)),
        "/health" => snapshot.Reading
            ? new(200, "application/json", Health(snapshot, snapshot.Degraded.Any() ? "degraded" : "ok"))
            : new(503, "application/json", Health(snapshot, "reading stopped")),
        _ => new(404, "text/plain", "not found: try /metrics or /health\n"),
    };

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before it was accepted.
                continue;
            }

            if (!_clients.Wait(0))
            {
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    /// <summary>Reads what the client still sends (the rest of an oversized request) until it closes, at most
    /// <see cref="MaxRequestBytes"/> more: closing with unread bytes would reset the connection, and the client could
    /// lose the reply it had not read yet.</summary>
    private static async Task DrainAsync(Socket client, CancellationToken cancellation)
    {
        byte[] sink = new byte[1024];
        int drained = 0;
        while (drained < MaxRequestBytes)
        {
            int read = await client.ReceiveAsync(sink, SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            drained += read;
        }
    }

    /// <summary>A page whose making failed is a 500 with the reason, and the next request is served as usual.</summary>
    private Reply AnswerOrError(string path)
    {
        try
        {
            return _answer(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Reply(500, "text/plain", $"internal error: {e.GetType().Name}: {e.Message}\n");
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(RequestTimeout);
            var request = await HttpRequestHead.ReadAsync(client, MaxRequestBytes, deadline.Token).ConfigureAwait(false);
            var reply = request switch
            {
                null => new Reply(400, "text/plain", "bad request\n"),
                { Method: not ("GET" or "HEAD") } => new Reply(405, "text/plain", "only GET and HEAD\n"),
                _ => AnswerOrError(request.Path),
            };
            await client.SendAsync(reply.Bytes(withBody: request?.Method != "HEAD"), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
            await DrainAsync(client, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or was too slow to send its request.
        }
        finally
        {
            client.Dispose();
            _clients.Release();
        }
    }

    private static string Health(ServiceSnapshot s, string status)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            json.WriteBoolean("reading_paused", s.Paused || s.WaitingForDisk);
            json.WriteBoolean("disk_full", s.WaitingForDisk);
            json.WriteNumber("spool_bytes", s.SpoolDepthBytes);
            json.WriteNumber("open_sessions", s.OpenMessages);
            json.WriteStartArray("degraded");
            foreach (var output in s.Degraded)
            {
                json.WriteStringValue($"{output.Name}: {output.Degraded}");
            }

            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var output in s.Outputs)
            {
                json.WriteStartObject();
                json.WriteString("name", output.Name);
                json.WriteString("status", output.Degraded is null ? "ok" : "degraded");
                if (output.Degraded is string reason)
                {
                    json.WriteString("reason", reason);
                }

                json.WriteNumber("oldest_undelivered_seconds", output.OldestUndeliveredSeconds);
                json.WriteNumber("acknowledged", output.Acknowledged);
                json.WriteNumber("errors", output.Errors);
                json.WriteNumber("dead_letters", output.DeadLettered);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }
}

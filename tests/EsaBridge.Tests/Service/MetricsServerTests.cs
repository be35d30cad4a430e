using System.Net;
using System.Net.Sockets;
using System.Text;
using EsaBridge.Cli;
using EsaBridge.Inputs;
using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

/// <summary>The <c>--metrics</c> listener on its own: what a scraper, a browser, a port scanner or a stuck client gets.</summary>
public class MetricsServerTests
{
    private static Reply Pages(string path) => path switch
    {
        "/metrics" => new(200, "text/plain; version=0.0.4; charset=utf-8", "esabridge_lines_read_total 7\n"),
        _ => new(404, "text/plain", "not found: try /metrics or /health\n"),
    };

    [Fact]
    public async Task A_client_knocking_while_the_listener_starts_never_stops_it()
    {
        // The managed HttpListener accepted such a connection before it had made the table it locks: the process died
        // with an ArgumentNullException ("Hosting failed to start"), once in a CI run. Here a client connects in a
        // loop while the server starts and stops on its port again and again.
        int port = LoopbackPort.Free();
        using var stop = new CancellationTokenSource();
        var knocking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    // Not listening at this instant.
                }

                // A knock every millisecond or so: the server serves a few clients at once and closes the rest.
                await Task.Delay(1, CancellationToken.None);
            }
        });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (int round = 0; round < 30; round++)
        {
            using var server = MetricsServer.Start($"127.0.0.1:{port}", Pages);
            string body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            Assert.Equal("esabridge_lines_read_total 7\n", body);
        }

        await stop.CancelAsync();
        await knocking;
    }

    [Fact]
    public async Task Pages_methods_and_bad_requests_get_their_status()
    {
        using var server = MetricsServer.Start($"127.0.0.1:{LoopbackPort.Free()}", Pages);
        var endpoint = server.Endpoint;

        string metrics = await Exchange(endpoint, "GET /metrics?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", metrics, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n", metrics, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 29\r\n", metrics, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nesabridge_lines_read_total 7\n", metrics, StringComparison.Ordinal);

        string head = await Exchange(endpoint, "HEAD /metrics HTTP/1.1\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 29\r\n", head, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await Exchange(endpoint, "GET /admin HTTP/1.0\r\n\r\n"), StringComparison.Ordinal);

        string post = await Exchange(endpoint, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", post, StringComparison.Ordinal);
        Assert.Contains("Allow: GET, HEAD\r\n", post, StringComparison.Ordinal);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await Exchange(endpoint, "hello\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await Exchange(endpoint, "GET metrics HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await Exchange(endpoint, "GET /metrics SMTP/1.0\r\n\r\n"), StringComparison.Ordinal);

        // Headers past 8 KiB without their blank line: answered and closed, not read forever.
        string flood = "GET /metrics HTTP/1.1\r\n" + string.Concat(Enumerable.Repeat("X-Padding: " + new string('a', 100) + "\r\n", 100));
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await Exchange(endpoint, flood), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_fails_is_a_500_with_its_reason_and_the_next_request_is_served()
    {
        int calls = 0;
        using var server = MetricsServer.Start(
            $"127.0.0.1:{LoopbackPort.Free()}",
            path => ++calls == 1 ? throw new InvalidOperationException("snapshot not ready") : Pages(path));

        string failed = await Exchange(server.Endpoint, "GET /metrics HTTP/1.1\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 500 Internal Server Error\r\n", failed, StringComparison.Ordinal);
        Assert.EndsWith("internal error: InvalidOperationException: snapshot not ready\n", failed, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await Exchange(server.Endpoint, "GET /metrics HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_client_does_not_hold_up_the_scraper()
    {
        using var server = MetricsServer.Start($"127.0.0.1:{LoopbackPort.Free()}", Pages);
        var silent = new List<Socket>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(server.Endpoint);
                silent.Add(socket);
            }

            string reply = await Exchange(server.Endpoint, "GET /metrics HTTP/1.1\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply, StringComparison.Ordinal);
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void A_port_in_use_is_a_one_line_error()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var e = Assert.Throws<InputException>(() => MetricsServer.Start($"127.0.0.1:{port}", Pages));
        Assert.StartsWith($"--metrics '127.0.0.1:{port}': cannot listen (", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9108", "127.0.0.1:9108")]
    [InlineData(":9108", "127.0.0.1:9108")]
    [InlineData("localhost:9108", "127.0.0.1:9108")]
    [InlineData(" 0.0.0.0:9108 ", "0.0.0.0:9108")]
    [InlineData("10.1.2.3:9108", "10.1.2.3:9108")]
    [InlineData("[::1]:9108", "[::1]:9108")]
    public void Addresses_are_read_as_the_manual_says(string address, string endpoint) =>
        Assert.Equal(endpoint, MetricsServer.EndpointOf(address).ToString());

    [Theory]
    [InlineData("*:9108")]
    [InlineData("[::]:9108")]
    public void Star_and_the_IPv6_any_address_are_every_address(string address)
    {
        var ip = MetricsServer.EndpointOf(address).Address;
        Assert.True(ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Any), ip.ToString());
    }

    [Theory]
    [InlineData("localhost:http", "--metrics: 'localhost:http' is not ADDR:PORT")]
    [InlineData("127.0.0.1:0", "--metrics: '127.0.0.1:0' is not ADDR:PORT")]
    [InlineData("127.0.0.1:70000", "--metrics: '127.0.0.1:70000' is not ADDR:PORT")]
    [InlineData("no-such-host.invalid:9108", "--metrics: 'no-such-host.invalid:9108': cannot resolve 'no-such-host.invalid'")]
    public void A_bad_address_is_a_usage_error(string address, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => MetricsServer.EndpointOf(address)).Message);

    /// <summary>Sends <paramref name="request"/> and reads the whole reply until the server closes.</summary>
    private static async Task<string> Exchange(IPEndPoint endpoint, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None);
        using var reply = new MemoryStream();
        byte[] buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            reply.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(reply.ToArray());
    }
}

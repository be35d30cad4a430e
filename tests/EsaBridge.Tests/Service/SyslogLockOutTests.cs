using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>run</c> with TCP syslog under idle connections that fill every slot: refusals are logged, idle connections
/// are closed, a real sender gets through afterwards, and every counter is in /metrics.
/// </summary>
public sealed class SyslogLockOutTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-lockout-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Idle_connections_cannot_lock_a_real_sender_out_and_the_counters_are_in_metrics()
    {
        int tcpPort = LoopbackPort.Free();
        int metricsPort = LoopbackPort.Free();
        string output = Path.Combine(_root, "sessions.ndjson");
        using var service = ServiceProcess.Start(
            "--no-connections",
            "--syslog-tcp", $"127.0.0.1:{tcpPort}", "--syslog-tcp-max-connections", "2", "--syslog-tcp-idle-timeout", "5s",
            "--year", "2014", "--state-dir", Path.Combine(_root, "state"), "--output-file", output,
            "--poll-interval", "50ms", "--status-interval", "1h", "--metrics", $"127.0.0.1:{metricsPort}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };
        await Eventually(http, m => m.Contains("esabridge_syslog_tcp_connections_open 0", StringComparison.Ordinal), service);

        // Two connections that never send a byte take every slot.
        using var idle1 = await Connect(tcpPort);
        using var idle2 = await Connect(tcpPort);
        await Eventually(http, m => m.Contains("esabridge_syslog_tcp_connections_open 2", StringComparison.Ordinal), service);
        using var refused = await Connect(tcpPort);
        Assert.Equal(0, await ReadToClose(refused));
        await Eventually(http, m => m.Contains("esabridge_syslog_tcp_connections_rejected_total 1", StringComparison.Ordinal), service);
        await Logged(service, $"syslog tcp 127.0.0.1:{tcpPort}: refused the connection from 127.0.0.1:");
        await Logged(service, "2 connections are open, the limit (idle ones are closed after 5 s); 0 more refused since the last such line");

        // Closed for idleness: the slots are free again.
        Assert.Equal(0, await ReadToClose(idle1));
        Assert.Equal(0, await ReadToClose(idle2));
        await Eventually(http, m => m.Contains("esabridge_syslog_tcp_connections_idle_closed_total 2", StringComparison.Ordinal), service);

        // A bogus octet count closes its connection with a framing error; the frames after it are not swallowed.
        using var bogus = await Connect(tcpPort);
        await bogus.GetStream().WriteAsync(Encoding.ASCII.GetBytes("100 apples\n<22>Aug 14 11:04:31 esa-x mail_logs: Info: x\n"));
        Assert.Equal(0, await ReadToClose(bogus));
        await Eventually(http, m => m.Contains("esabridge_syslog_tcp_framing_errors_total 1", StringComparison.Ordinal), service);
        await Logged(service, "the octet count 100 is followed by 0x61, not by a syslog message (<PRI>)");

        // A real sender gets through.
        using var sender = await Connect(tcpPort);
        string[] seed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));
        await sender.GetStream().WriteAsync(Encoding.UTF8.GetBytes(string.Concat(seed.Select(l => SyslogRunTests.Syslog(l, "esa1.example.com") + "\n"))));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (SyslogRunTests.Documents(output).Count < 3 && DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            await Task.Delay(50);
        }

        Assert.Equal(3, SyslogRunTests.Documents(output).Count);
        string metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("# TYPE esabridge_syslog_tcp_connections_rejected_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("esabridge_syslog_tcp_connections_total 4\n", metrics, StringComparison.Ordinal);
        Assert.Contains("esabridge_syslog_messages_oversized_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
    }

    private static async Task<TcpClient> Connect(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Bytes read until the service closes the connection (0 when it sent nothing).</summary>
    private static async Task<int> ReadToClose(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64];
        int total = 0;
        try
        {
            int read;
            while ((read = await client.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // Reset instead of closed: closed all the same.
        }

        return total;
    }

    private static async Task Logged(ServiceProcess service, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!service.Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"never logged: {text}\n{service.Stderr}");
            await Task.Delay(20);
        }
    }

    private static async Task Eventually(HttpClient http, Func<string, bool> condition, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            try
            {
                last = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
                if (condition(last))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"/metrics never matched; last answer:\n{last}\n{service.Stderr}");
    }
}

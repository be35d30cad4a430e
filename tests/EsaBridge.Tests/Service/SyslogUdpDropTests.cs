using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EsaBridge.Inputs.Syslog;

namespace EsaBridge.Tests.Service;

/// <summary>UDP syslog datagrams the kernel drops before the service reads them are counted, exported and logged.</summary>
public sealed class SyslogUdpDropTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-udp-drops-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_kernel_drop_count_of_a_socket_is_read()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4096 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(receiver.LocalEndPoint!);
        Assert.Equal(0, UdpKernelDrops.Read(receiver));

        // Nothing reads: a few fit in the buffer, the kernel drops the rest.
        for (int i = 0; i < 200; i++)
        {
            sender.Send(new byte[200]);
        }

        long drops = UdpKernelDrops.Read(receiver);
        Assert.InRange(drops, 150, 200);
        int queued = 0;
        while (receiver.Available > 0)
        {
            receiver.Receive(new byte[512]);
            queued++;
        }

        Assert.Equal(200, queued + drops);
    }

    [Fact]
    public async Task Datagrams_the_kernel_drops_while_the_service_cannot_read_are_in_metrics_and_the_log()
    {
        int udpPort = LoopbackPort.Free(SocketType.Dgram, ProtocolType.Udp);
        int metricsPort = LoopbackPort.Free();
        using var service = ServiceProcess.Start(
            "--syslog-udp", $"127.0.0.1:{udpPort}", "--syslog-udp-receive-buffer", "64KB", "--year", "2014",
            "--state-dir", Path.Combine(_root, "state"), "--output-file", Path.Combine(_root, "out.ndjson"),
            "--poll-interval", "50ms", "--status-interval", "1h", "--metrics", $"127.0.0.1:{metricsPort}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };
        await Eventually(http, m => m.Contains("esabridge_syslog_kernel_drops_total 0\n", StringComparison.Ordinal), service);

        // Frozen, the service reads nothing: the socket's buffer fills and the kernel drops the rest.
        const int sent = 2000;
        service.Signal("STOP");
        try
        {
            using var sender = new UdpClient();
            sender.Connect(IPAddress.Loopback, udpPort);
            byte[] datagram = Encoding.ASCII.GetBytes("<22>Aug 14 11:04:31 esa1.example.com mail_logs: Info: ICID 1 close");
            for (int i = 0; i < sent; i++)
            {
                await sender.SendAsync(datagram);
            }
        }
        finally
        {
            service.Signal("CONT");
        }

        string metrics = await Eventually(http, m => Value(m, "esabridge_syslog_kernel_drops_total") > 0
            && Value(m, "esabridge_syslog_messages_received_total") + Value(m, "esabridge_syslog_kernel_drops_total") == sent, service);
        long drops = Value(metrics, "esabridge_syslog_kernel_drops_total");
        Assert.True(drops >= sent / 2, $"{drops} dropped of {sent} into a 64 KB buffer");
        Assert.Contains("# TYPE esabridge_syslog_kernel_drops_total counter", metrics, StringComparison.Ordinal);
        await service.UntilAsync(() => service.Stderr.Contains($"syslog udp 127.0.0.1:{udpPort}: the kernel dropped {drops} datagrams since the last such line ({drops} in all)", StringComparison.Ordinal));
        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
    }

    private static long Value(string metrics, string name) =>
        Regex.Match(metrics, $"^{name} (\\d+)$", RegexOptions.Multiline) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;

    private static async Task<string> Eventually(HttpClient http, Func<string, bool> condition, ServiceProcess service)
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
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"/metrics never matched; last answer:\n{last}\n{service.Stderr}");
        return last;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.Service;

/// <summary><c>esabridge run</c> fed by syslog over UDP and TCP (both framings) from two appliances at once.</summary>
public sealed class SyslogRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-syslog-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Two_appliances_over_udp_and_tcp_give_their_own_documents()
    {
        int udpPort = LoopbackPort.Free(SocketType.Dgram, ProtocolType.Udp);
        int tcpPort = LoopbackPort.Free(SocketType.Stream, ProtocolType.Tcp);
        string output = Path.Combine(_root, "sessions.ndjson");
        using var service = ServiceProcess.Start(
            "--no-connections",
            "--syslog-udp", $"127.0.0.1:{udpPort}", "--syslog-tcp", $"127.0.0.1:{tcpPort}", "--year", "2014",
            "--state-dir", Path.Combine(_root, "state"), "--output-file", output, "--poll-interval", "50ms", "--status-interval", "1h");
        string[] seed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log"));

        using var tcp = await Connect(tcpPort, service);
        using var udp = new UdpClient();
        await using var stream = tcp.GetStream();
        for (int i = 0; i < seed.Length; i++)
        {
            // The same MIDs and ICIDs from two appliances: they must not mix.
            await udp.SendAsync(Encoding.UTF8.GetBytes(Syslog(seed[i], "esa-udp.example.com")), new IPEndPoint(IPAddress.Loopback, udpPort));
            byte[] message = Encoding.UTF8.GetBytes(Syslog(seed[i], "esa-tcp.example.com"));
            byte[] frame = i % 2 == 0
                ? [.. Encoding.ASCII.GetBytes($"{message.Length} "), .. message]
                : [.. message, (byte)'\n'];
            await stream.WriteAsync(frame);
            await Task.Delay(2);
        }

        await stream.FlushAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Documents(output).Count < 6 && DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, service.Stderr);
            await Task.Delay(50);
        }

        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        var documents = Documents(output);
        Assert.Equal(6, documents.Count);
        foreach (string host in (string[])["esa-udp.example.com", "esa-tcp.example.com"])
        {
            var mine = documents.Where(d => d["observer"]!["hostname"]!.GetValue<string>() == host).ToList();
            Assert.Equal(
                ["connection_lost", "sender_quit", "timeout"],
                mine.Select(d => d["cisco"]!["esa"]!["abort"]!["class"]!.GetValue<string>()).Order());
        }
    }

    /// <summary>A file-form seed line as the appliance would push it: BSD syslog with PRI, host and tag.</summary>
    internal static string Syslog(string fileFormLine, string host)
    {
        // "Thu Aug 14 11:04:31 2014 Info: text" becomes "<22>Aug 14 11:04:31 host mail_logs: Info: text".
        string[] parts = fileFormLine.Split(' ', 6);
        return $"<22>{parts[1]} {parts[2],2} {parts[3]} {host} mail_logs: {parts[5]}";
    }

    internal static List<JsonObject> Documents(string path) => File.Exists(path)
        ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())]
        : [];

    private static async Task<TcpClient> Connect(int port, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Assert.False(service.HasExited, service.Stderr);
                await Task.Delay(50);
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsaBridge.Bench.Generation;

namespace EsaBridge.Bench.Commands;

/// <summary>
/// <c>syslog-bench ESABRIDGE [DATAGRAMS]</c>: starts <c>esabridge run</c> with a UDP syslog listener on loopback and
/// an output file, sends it DATAGRAMS (default 300,000) syslog lines of a generated log from one thread as fast
/// as the socket takes them, and prints how many the service received (its <c>/metrics</c>), how many found the
/// queue full, and how many the kernel dropped for its socket (<c>/proc/net/udp</c>, whatever the build exports).
/// Bounded: at most DATAGRAMS datagrams and 2 minutes.
/// </summary>
internal static class SyslogBenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2 || !File.Exists(args[0]))
        {
            return Usage.Fail("syslog-bench ./esabridge [DATAGRAMS]");
        }

        int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300_000;
        return RunAsync(args[0], Math.Clamp(count, 1, 2_000_000)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string launcher, int count)
    {
        byte[][] datagrams = Datagrams(count);
        string dir = Directory.CreateTempSubdirectory("syslog-bench-").FullName;
        int udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        int metricsPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        var info = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in (string[])["run", "--syslog-udp", $"127.0.0.1:{udpPort}", "--year", "2014", "--state-dir", Path.Combine(dir, "state"),
            "--output-file", Path.Combine(dir, "out.ndjson"), "--output-file-keep", "0", "--metrics", $"127.0.0.1:{metricsPort}", "--status-interval", "1h"])
        {
            info.ArgumentList.Add(arg);
        }

        using var service = Process.Start(info)!;
        service.ErrorDataReceived += (_, _) => { };
        service.OutputDataReceived += (_, _) => { };
        service.BeginErrorReadLine();
        service.BeginOutputReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };
        await Metrics(http, TimeSpan.FromSeconds(60));

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendBufferSize = 4 << 20;
        sender.Connect(new IPEndPoint(IPAddress.Loopback, udpPort));
        var clock = Stopwatch.StartNew();
        foreach (byte[] datagram in datagrams)
        {
            sender.Send(datagram);
        }

        var sent = clock.Elapsed;

        // Until the counts stop moving (at most 2 minutes in all).
        long received = -1;
        string metrics = string.Empty;
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            metrics = await Metrics(http, TimeSpan.FromSeconds(10));
            long now = Value(metrics, "esabridge_syslog_messages_received_total");
            if (now == received || now >= count)
            {
                received = now;
                break;
            }

            received = now;
        }

        long kernelDrops = ProcUdpDrops(udpPort);
        long queueDrops = Value(metrics, "esabridge_syslog_messages_dropped_total");
        using (var kill = Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await service.WaitForExitAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"syslog-bench: {count} datagrams sent in {sent.TotalSeconds:F2} s = {count / sent.TotalSeconds:F0}/s; received {received} " +
            $"({received / sent.TotalSeconds:F0}/s of sending), queue full {queueDrops}, kernel drops {kernelDrops} ({100.0 * kernelDrops / count:F1} %)"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>RFC 3164 lines of a generated log, as an appliance pushes them.</summary>
    private static byte[][] Datagrams(int count)
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = (long)count * 140, Seed = 5 });
        string[] lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var datagrams = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            string[] parts = lines[i % lines.Length].Split(' ', 6);
            datagrams[i] = Encoding.UTF8.GetBytes($"<22>{parts[1]} {parts[2],2} {parts[3]} esa1.example.com mail_logs: {parts[5]}");
        }

        return datagrams;
    }

    /// <summary>The <c>drops</c> column of the socket bound to the port (the last column of /proc/net/udp).</summary>
    private static long ProcUdpDrops(int port)
    {
        string local = $":{port:X4}";
        foreach (string line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 12 && columns[1].EndsWith(local, StringComparison.Ordinal))
            {
                return long.Parse(columns[^1], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static async Task<string> Metrics(HttpClient http, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            }
            catch (HttpRequestException) when (clock.Elapsed < within)
            {
                await Task.Delay(100);
            }
        }
    }

    private static long Value(string metrics, string name)
    {
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EsaBridge.Bench.Generation;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Bench.Commands;

/// <summary>
/// <c>run-bench latency ESABRIDGE [SECONDS] [LINES_PER_SECOND]</c>: writes a generated log at a steady rate into a
/// file <c>esabridge run</c> tails, and measures, per document, the time from its <c>Message finished</c> line being
/// written to the Elasticsearch double holding it (documents arrive in the order they were made, so the k-th
/// document stored is the k-th finished line).
/// <c>run-bench backlog ESABRIDGE FILE</c>: starts <c>run</c> on an existing log and measures how fast it reads it
/// (lines read, from <c>/metrics</c>) and how long until every document is acknowledged.
/// </summary>
internal static class RunBenchCommand
{
    private const string Stream = "logs-cisco_esa.session-default";

    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[0] == "latency" && File.Exists(args[1]))
        {
            int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
            int rate = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000;
            return LatencyAsync(args[1], seconds, rate).GetAwaiter().GetResult();
        }

        if (args.Length == 3 && args[0] == "backlog" && File.Exists(args[1]) && File.Exists(args[2]))
        {
            return BacklogAsync(args[1], args[2]).GetAwaiter().GetResult();
        }

        return Usage.Fail("run-bench latency ./esabridge [SECONDS] [LINES_PER_SECOND] | run-bench backlog ./esabridge FILE");
    }

    private static async Task<int> LatencyAsync(string launcher, int seconds, int rate)
    {
        string[] lines = Generate((long)seconds * rate * 130);
        string dir = Directory.CreateTempSubdirectory("run-bench-").FullName;
        string log = Path.Combine(dir, "mail.current");
        await using var es = await ElasticsearchDouble.StartAsync();
        await SetupAsync(launcher, es);

        var written = new long[lines.Length];
        int made = 0;
        var pipeline = new LogPipeline(new ParserOptions { ReferenceDate = DateOnly.FromDateTime(DateTime.UtcNow) }, new SessionizerOptions(), _ =>
            Volatile.Write(ref written[Interlocked.Increment(ref made) - 1], Stopwatch.GetTimestamp()));
        pipeline.SetSource("esa1", log);

        using var file = new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        WriteLines(file, pipeline, lines, 0, 3);
        using var service = StartRun(launcher, dir, es, out _, Path.Combine(dir, "mail.*"));
        await Task.Delay(2000);

        var latencies = new List<double>();
        using var stopPolling = new CancellationTokenSource();
        var poller = Task.Run(() =>
        {
            int seen = 0;
            while (!stopPolling.IsCancellationRequested || seen < Volatile.Read(ref made))
            {
                int count = Math.Min(es.DocumentCount(Stream), Volatile.Read(ref made));
                long now = Stopwatch.GetTimestamp();
                for (; seen < count; seen++)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref written[seen]), now).TotalMilliseconds);
                }

                Thread.Sleep(1);
                if (stopPolling.IsCancellationRequested && Stopwatch.GetElapsedTime(now) > TimeSpan.FromSeconds(60))
                {
                    break;
                }
            }
        });

        var clock = Stopwatch.StartNew();
        int next = 3;
        while (next < lines.Length)
        {
            int due = Math.Min(lines.Length, 3 + (int)(clock.Elapsed.TotalSeconds * rate));
            WriteLines(file, pipeline, lines, next, due);
            next = due;
            Thread.Sleep(10);
        }

        double writeSeconds = clock.Elapsed.TotalSeconds;
        var waitUntil = DateTime.UtcNow.AddSeconds(60);
        while (es.DocumentCount(Stream) < Volatile.Read(ref made) && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(10);
        }

        stopPolling.Cancel();
        await poller;
        Terminate(service);
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run-bench latency: {lines.Length} lines written in {writeSeconds:F1} s ({lines.Length / writeSeconds:F0} lines/s), {made} documents made, {es.DocumentCount(Stream)} stored; " +
            $"latency ms p50 {Percentile(latencies, 0.50):F0}, p90 {Percentile(latencies, 0.90):F0}, p99 {Percentile(latencies, 0.99):F0}, max {latencies.LastOrDefault():F0}"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static async Task<int> BacklogAsync(string launcher, string log)
    {
        long totalLines = CountLines(log);
        long bytes = new FileInfo(log).Length;
        string dir = Directory.CreateTempSubdirectory("run-bench-").FullName;
        await using var es = await ElasticsearchDouble.StartAsync();
        await SetupAsync(launcher, es);
        var clock = Stopwatch.StartNew();
        using var service = StartRun(launcher, dir, es, out int port, Path.GetFullPath(log));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        TimeSpan? readAt = null;
        long documents = -1;
        while (clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(100);
            string metrics;
            try
            {
                metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            }
            catch (HttpRequestException)
            {
                continue;
            }

            if (readAt is null && Value(metrics, "esabridge_lines_read_total") >= totalLines)
            {
                readAt = clock.Elapsed;
                documents = Value(metrics, "esabridge_documents_total");
            }

            if (readAt is not null && es.DocumentCount(Stream) >= documents)
            {
                break;
            }
        }

        var deliveredAt = clock.Elapsed;
        Terminate(service);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run-bench backlog: {bytes / 1e6:F0} MB, {totalLines} lines read in {readAt?.TotalSeconds:F2} s = {bytes / 1e6 / readAt?.TotalSeconds:F0} MB/s (process start included); " +
            $"{documents} documents, all acknowledged after {deliveredAt.TotalSeconds:F2} s = {documents / deliveredAt.TotalSeconds:F0} documents/s"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static string[] Generate(long bytes)
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = bytes, Seed = 3 });
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static void WriteLines(FileStream file, LogPipeline pipeline, string[] lines, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            byte[] line = Encoding.UTF8.GetBytes(lines[i] + "\n");
            file.Write(line);
            file.Flush();
            pipeline.Feed(line.AsSpan(0, line.Length - 1));
        }
    }

    private static async Task SetupAsync(string launcher, ElasticsearchDouble es)
    {
        using var setup = Process.Start(Info(launcher, ["setup", "elasticsearch", "--es-url", es.Url.ToString()]))!;
        await setup.WaitForExitAsync();
    }

    private static Process StartRun(string launcher, string dir, ElasticsearchDouble es, out int port, string input)
    {
        port = FreePort();
        var process = Process.Start(Info(launcher, [
            "run", "--input", input, "--host", "esa1", "--es-url", es.Url.ToString(), "--state-dir", Path.Combine(dir, "state"),
            "--metrics", $"127.0.0.1:{port}", "--status-interval", "10s",
        ]))!;
        process.ErrorDataReceived += (_, e) => Console.Error.WriteLine(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static ProcessStartInfo Info(string launcher, string[] args)
    {
        var info = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static void Terminate(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        process.WaitForExit(15_000);
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

    private static long CountLines(string path)
    {
        long count = 0;
        byte[] buffer = new byte[1 << 20];
        using var stream = File.OpenRead(path);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return count;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

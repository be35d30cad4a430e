using System.Diagnostics;
using System.Globalization;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Bench.Commands;

/// <summary>
/// <c>ship-bench ESABRIDGE LOG [--hec] [esabridge ship flags...]</c>: starts the Elasticsearch double on loopback in this
/// process, installs the shipped templates with <c>ESABRIDGE setup elasticsearch</c> as a user would, warms the double up
/// with an untimed ship of the log's first 2 MiB to another data stream, runs
/// <c>ESABRIDGE ship LOG --es-url ...</c> as a separate process, and reports documents per second
/// over the whole run (parsing included), checking that the double holds every document, with the CPU time of each side.
/// With <c>--hec</c> the Splunk HEC double takes the Elasticsearch double's place (<c>ship LOG --hec-url ...</c>).
/// </summary>
internal static class ShipBenchCommand
{
    private const string Stream = "logs-cisco_esa.session-default";
    private const string ConnectionStream = "logs-cisco_esa.connection-default";
    private const string WarmupStream = "logs-cisco_esa.session-warmup";
    private const int WarmupBytes = 2 << 20;
    private const string HecToken = "5f0c2a9e-1b7d-4c3e-8a6f-2d9b0e4c7a13";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[0]) || !File.Exists(args[1]))
        {
            return Usage.Fail("ship-bench needs the esabridge launcher and an existing log file: ship-bench ./esabridge FILE [--hec] [flags...]");
        }

        bool hec = args[2..].Contains("--hec");
        string[] flags = [.. args[2..].Where(a => a != "--hec")];
        return (hec ? RunHecAsync(args[0], args[1], flags) : RunAsync(args[0], args[1], flags)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string launcher, string log, string[] flags)
    {
        await using var es = await ElasticsearchDouble.StartAsync();
        var (setupExit, setupErrors) = await RunAsync(launcher, ["setup", "elasticsearch", "--es-url", es.Url.ToString()]);
        if (setupExit != 0)
        {
            return Usage.Fail($"setup elasticsearch failed: {setupErrors}");
        }

        // Untimed warm-up: a real cluster has long been running; the double's bulk path is compiled here, not in the run.
        string warmup = WarmupSlice(log);
        var (warmupExit, warmupErrors) = await RunAsync(launcher, ["ship", warmup, "--es-url", es.Url.ToString(), "--es-data-stream", WarmupStream,
            "--dead-letter", Path.Combine(Path.GetTempPath(), "ship-bench-warmup-dead.ndjson"), .. flags]);
        File.Delete(warmup);
        if (warmupExit != 0)
        {
            return Usage.Fail($"warm-up ship failed: {warmupErrors}");
        }

        var start = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])["ship", log, "--es-url", es.Url.ToString(), "--dead-letter", Path.Combine(Path.GetTempPath(), "ship-bench-dead.ndjson"), .. flags])
        {
            start.ArgumentList.Add(argument);
        }

        var clientCpuBefore = CpuTime.OfReapedChildren();
        var doubleCpuBefore = CpuTime.OfSelf();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        var doubleCpu = CpuTime.OfSelf() - doubleCpuBefore;
        var clientCpu = CpuTime.OfReapedChildren() - clientCpuBefore;

        // Session and connection documents: ship sends both (one bulk body may hold both).
        int stored = es.DocumentCount(Stream) + es.DocumentCount(ConnectionStream);
        var bulkRequests = es.Requests.Where(r => r.PathAndQuery.StartsWith($"/{Stream}/_bulk", StringComparison.Ordinal)).ToList();
        int bulks = bulkRequests.Count;
        bool gzip = bulkRequests.Any(r => r.Headers.TryGetValue("Content-Encoding", out string? encoding) && encoding.Contains("gzip", StringComparison.Ordinal));
        Console.Error.Write(stderr);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: exit {process.ExitCode}, {stored} documents stored in {clock.Elapsed.TotalSeconds:F2} s = {stored / clock.Elapsed.TotalSeconds:F0} documents/s, {bulks} bulk requests{(gzip ? " (gzip)" : string.Empty)}, flags: {string.Join(' ', flags)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: CPU time (user+sys) esabridge ship {clientCpu.TotalSeconds:F2} s, double (this process) {doubleCpu.TotalSeconds:F2} s, total {(clientCpu + doubleCpu).TotalSeconds:F2} s = {stored / (clientCpu + doubleCpu).TotalSeconds:F0} documents per CPU-second"));
        return process.ExitCode;
    }

    private static async Task<int> RunHecAsync(string launcher, string log, string[] flags)
    {
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions
        {
            Token = HecToken,
            KeepEvents = false,
            AckEnabled = flags.Contains("--hec-ack"),
        });
        var start = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])["ship", log, "--hec-url", hec.Url.ToString(), "--dead-letter", Path.Combine(Path.GetTempPath(), "ship-bench-dead.ndjson"), .. flags])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ESABRIDGE_HEC_TOKEN"] = HecToken;
        var clientCpuBefore = CpuTime.OfReapedChildren();
        var doubleCpuBefore = CpuTime.OfSelf();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        await stdout;
        var doubleCpu = CpuTime.OfSelf() - doubleCpuBefore;
        var clientCpu = CpuTime.OfReapedChildren() - clientCpuBefore;

        long indexed = hec.EventCount;
        var posts = hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal)).ToList();
        bool gzip = posts.Any(r => r.Headers.TryGetValue("Content-Encoding", out string? encoding) && encoding.Contains("gzip", StringComparison.Ordinal));
        Console.Error.Write(stderr);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: exit {process.ExitCode}, {indexed} events indexed by the HEC double in {clock.Elapsed.TotalSeconds:F2} s = {indexed / clock.Elapsed.TotalSeconds:F0} events/s, {posts.Count} event posts{(gzip ? " (gzip)" : string.Empty)}, flags: {string.Join(' ', flags)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: CPU time (user+sys) esabridge ship {clientCpu.TotalSeconds:F2} s, double (this process) {doubleCpu.TotalSeconds:F2} s, total {(clientCpu + doubleCpu).TotalSeconds:F2} s = {indexed / (clientCpu + doubleCpu).TotalSeconds:F0} events per CPU-second"));
        return process.ExitCode;
    }

    private static async Task<(int ExitCode, string Stderr)> RunAsync(string launcher, string[] arguments)
    {
        var start = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await stdout;
        await process.WaitForExitAsync();
        return (process.ExitCode, stderr);
    }

    /// <summary>The first whole lines of the log, about <see cref="WarmupBytes"/>, in a temporary file.</summary>
    private static string WarmupSlice(string log)
    {
        byte[] head = new byte[WarmupBytes];
        int read;
        using (var input = File.OpenRead(log))
        {
            read = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        int end = read == head.Length ? head.AsSpan(0, read).LastIndexOf((byte)'\n') + 1 : read;
        string path = Path.Combine(Path.GetTempPath(), $"ship-bench-warmup-{Environment.ProcessId}.log");
        File.WriteAllBytes(path, head[..end]);
        return path;
    }
}

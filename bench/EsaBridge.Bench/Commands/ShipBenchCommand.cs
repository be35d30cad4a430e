using System.Diagnostics;
using System.Globalization;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Bench.Commands;

/// <summary>
/// <c>ship-bench ESABRIDGE LOG [--hec] [esabridge ship flags...]</c>: starts the Elasticsearch double (or, with
/// <c>--hec</c>, the Splunk HEC double) on loopback in this process, installs the shipped templates with
/// <c>ESABRIDGE setup elasticsearch</c> as a user would (Elasticsearch only), runs <c>ESABRIDGE ship LOG --es-url ...</c>
/// (or <c>--hec-url ...</c>) as a separate process, and reports documents per second over the whole run (parsing
/// included), checking how many documents the double holds, with the ship process's CPU time.
/// </summary>
internal static class ShipBenchCommand
{
    private const string Stream = "logs-cisco_esa.session-default";
    private const string HecToken = "5f0c2a9e-1b7d-4c3e-8a6f-2d9b0e4c7a13";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[0]) || !File.Exists(args[1]))
        {
            return Usage.Fail("ship-bench needs the esabridge launcher and an existing log file: ship-bench ./esabridge FILE [--hec] [flags...]");
        }

        bool hec = args[2..].Contains("--hec");
        string[] flags = args[2..].Where(a => a != "--hec").ToArray();
        return (hec ? RunHecAsync(args[0], args[1], flags) : RunAsync(args[0], args[1], flags)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string launcher, string log, string[] flags)
    {
        await using var es = await ElasticsearchDouble.StartAsync();
        var setup = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])["setup", "elasticsearch", "--es-url", es.Url.ToString()])
        {
            setup.ArgumentList.Add(argument);
        }

        using (var installing = Process.Start(setup)!)
        {
            await installing.WaitForExitAsync();
            if (installing.ExitCode != 0)
            {
                return Usage.Fail($"setup elasticsearch failed: {await installing.StandardError.ReadToEndAsync()}");
            }
        }

        var (exit, elapsed, cpu) = await ShipAsync(launcher, ["ship", log, "--es-url", es.Url.ToString(), .. flags], environment: null);
        int stored = es.DocumentCount(Stream);
        var bulkRequests = es.Requests.Where(r => r.PathAndQuery.Contains("_bulk", StringComparison.Ordinal)).ToList();
        int bulks = bulkRequests.Count;
        bool gzip = bulkRequests.Any(r => r.Headers.TryGetValue("Content-Encoding", out string? encoding) && encoding.Contains("gzip", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: exit {exit}, {stored} documents stored in {elapsed.TotalSeconds:F2} s = {stored / elapsed.TotalSeconds:F0} documents/s, {bulks} bulk requests{(gzip ? " (gzip)" : string.Empty)}, ship CPU {cpu.TotalSeconds:F2} s, flags: {string.Join(' ', flags)}"));
        return exit;
    }

    private static async Task<int> RunHecAsync(string launcher, string log, string[] flags)
    {
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions
        {
            Token = HecToken,
            KeepEvents = false,
            AckEnabled = flags.Contains("--hec-ack"),
        });
        var doubleCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (exit, elapsed, cpu) = await ShipAsync(launcher, ["ship", log, "--hec-url", hec.Url.ToString(), .. flags], environment: ("ESABRIDGE_HEC_TOKEN", HecToken));
        var doubleCpu = Process.GetCurrentProcess().TotalProcessorTime - doubleCpuBefore;
        long indexed = hec.EventCount;
        var posts = hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal)).ToList();
        bool gzip = posts.Any(r => r.Headers.TryGetValue("Content-Encoding", out string? encoding) && encoding.Contains("gzip", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ship-bench: exit {exit}, {indexed} events indexed by the HEC double in {elapsed.TotalSeconds:F2} s = {indexed / elapsed.TotalSeconds:F0} events/s, {posts.Count} event posts{(gzip ? " (gzip)" : string.Empty)}, CPU: ship {cpu.TotalSeconds:F2} s, double {doubleCpu.TotalSeconds:F2} s, flags: {string.Join(' ', flags)}"));
        return exit;
    }

    /// <returns>The ship process's exit code, wall time and CPU time (user + system).</returns>
    private static async Task<(int Exit, TimeSpan Elapsed, TimeSpan Cpu)> ShipAsync(string launcher, string[] arguments, (string Name, string Value)? environment)
    {
        var start = new ProcessStartInfo(launcher) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])[.. arguments, "--dead-letter", Path.Combine(Path.GetTempPath(), "ship-bench-dead.ndjson")])
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is { } variable)
        {
            start.Environment[variable.Name] = variable.Value;
        }

        var cpuBefore = ChildCpu.Total();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        await stdout;
        var cpu = ChildCpu.Total() - cpuBefore;
        Console.Error.Write(stderr);
        return (process.ExitCode, clock.Elapsed, cpu);
    }
}

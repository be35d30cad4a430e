using System.Diagnostics;
using System.Globalization;
using EsaBridge.Bench.Generation;

namespace EsaBridge.Bench.Commands;

/// <summary><c>generate OUT.log SIZE_MB [--seed N] [--start T] [--rate R] [--mix a,b,c,d,e,f]</c>.</summary>
internal static class GenerateCommand
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            return Usage.Fail($"generate needs OUT.log and SIZE_MB; {Usage.Text}");
        }

        if (!double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double sizeMb) ||
            sizeMb <= 0 || sizeMb > 1_000_000)
        {
            return Usage.Fail($"SIZE_MB must be a positive number, not '{args[1]}'");
        }

        var options = new GeneratorOptions { TargetBytes = (long)(sizeMb * Usage.Mebibyte) };
        for (int i = 2; i < args.Length; i += 2)
        {
            string? error = i + 1 < args.Length ? Apply(ref options, args[i], args[i + 1]) : $"{args[i]} needs a value";
            if (error is not null)
            {
                return Usage.Fail(error);
            }
        }

        return Generate(args[0], options);
    }

    private static string? Apply(ref GeneratorOptions options, string name, string value)
    {
        switch (name)
        {
            case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed):
                options = options with { Seed = seed };
                return null;
            case "--start" when DateTime.TryParseExact(
                value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime start):
                options = options with { Start = start };
                return null;
            case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate)
                && rate > 0 && rate <= 100_000:
                options = options with { ConnectionsPerSecond = rate };
                return null;
            case "--mix" when OutcomeMix.TryParse(value, out OutcomeMix mix):
                options = options with { Mix = mix };
                return null;
            case "--seed" or "--start" or "--rate" or "--mix":
                return $"bad value '{value}' for {name}";
            default:
                return $"unknown option '{name}'; {Usage.Text}";
        }
    }

    private static int Generate(string path, GeneratorOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        GenerationResult result;
        try
        {
            // The writer buffers 1 MiB itself, so the file stream does not buffer again.
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            result = LogGenerator.Generate(file, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage.Fail($"cannot write '{path}': {e.Message}");
        }

        stopwatch.Stop();
        double mib = result.Bytes / Usage.Mebibyte;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"generated {path}: {mib:F1} MiB, {result.Lines:N0} lines, {result.Connections:N0} connections, " +
            $"{result.SimulatedSpan:d\\.hh\\:mm\\:ss} simulated, seed {options.Seed}, in {stopwatch.Elapsed.TotalSeconds:F2} s " +
            $"({mib / stopwatch.Elapsed.TotalSeconds:F1} MiB/s)"));
        Console.Error.WriteLine($"expected {result.Expected}");
        Console.Error.WriteLine($"expected dispositions: {result.Dispositions}");
        Console.Error.WriteLine($"expected connections: {result.ConnectionEndings}");
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"expected ICID 0 documents: bounces={result.Bounces} bcc_copies={result.BccCopies} (class none, included above)"));
        return 0;
    }
}

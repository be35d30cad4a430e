using System.Diagnostics;
using System.Globalization;
using System.Text;
using EsaBridge.Bench.Baseline;

namespace EsaBridge.Bench.Commands;

/// <summary><c>baseline FILE</c>: runs <see cref="RegexBaseline"/>, NDJSON to stdout, summary to stderr.</summary>
internal static class BaselineCommand
{
    private const int BufferSize = 1 << 20;

    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            return Usage.Fail($"baseline needs exactly one FILE; {Usage.Text}");
        }

        string path = args[0];
        var stopwatch = Stopwatch.StartNew();
        BaselineResult result;
        long bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize);
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
            using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), BufferSize);
            bytes = file.Length;
            result = new RegexBaseline(output, new AbortClassifier()).Run(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage.Fail($"cannot read '{path}': {e.Message}");
        }

        stopwatch.Stop();
        double mib = bytes / Usage.Mebibyte;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"baseline {path}: {mib:F1} MiB, {result.Lines:N0} lines ({result.UnparsedLines:N0} without the ESA prefix), " +
            $"in {stopwatch.Elapsed.TotalSeconds:F2} s ({mib / stopwatch.Elapsed.TotalSeconds:F1} MiB/s), " +
            $"{result.OpenMessages} messages still open"));
        Console.Error.WriteLine($"found {result.Found}");
        return 0;
    }
}

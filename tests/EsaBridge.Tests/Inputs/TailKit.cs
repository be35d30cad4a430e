using System.Diagnostics;
using System.Text;
using EsaBridge.Inputs.Tailing;

namespace EsaBridge.Tests.Inputs;

/// <summary>A temporary log directory with the writes a log writer and a rotator do.</summary>
public sealed class LogDirectory : IDisposable
{
    public LogDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "esabridge-tail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Append(string name, string text)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    public string AppendLines(string name, IEnumerable<string> lines) => Append(name, string.Concat(lines.Select(l => l + "\n")));

    public void Rename(string from, string to) => File.Move(PathOf(from), PathOf(to));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps what the tailer handed over, line by line.</summary>
internal sealed class RecordingSink : ITailSink
{
    public List<(string Path, string? Host, string Line)> Received { get; } = [];

    public List<string> Lines => [.. Received.Select(r => r.Line)];

    public int Oversized { get; private set; }

    public List<string> Problems { get; } = [];

    void ITailSink.Lines(TailedFileInfo file, ReadOnlySpan<byte> lines)
    {
        Assert.True(lines.Length > 0 && lines[^1] == (byte)'\n', "lines handed over end in a newline");
        foreach (string line in Encoding.UTF8.GetString(lines[..^1]).Split('\n'))
        {
            Received.Add((file.Path, file.Host, line));
        }
    }

    void ITailSink.Oversized(TailedFileInfo file)
    {
        Oversized++;
        Received.Add((file.Path, file.Host, "<oversized>"));
    }

    void ITailSink.Problem(string path, string message) => Problems.Add($"{path}: {message}");
}

internal static class Tail
{
    public static TailerOptions FastOptions => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(10),
        IdleGrace = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>Polls until <paramref name="done"/> holds; fails after a generous timeout.</summary>
    public static void Until(FileTailer tailer, ITailSink sink, Func<bool> done, string what, long maxBytes = 1 << 20)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            if (tailer.Poll(sink, maxBytes) == 0)
            {
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>Polls for a while longer (for asserting that nothing more arrives).</summary>
    public static void Settle(FileTailer tailer, ITailSink sink, TimeSpan? duration = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (duration ?? TimeSpan.FromMilliseconds(400)))
        {
            tailer.Poll(sink, 1 << 20);
            Thread.Sleep(5);
        }
    }

    /// <summary>The first three lines of an ESA log file started at <paramref name="second"/> (unique per file).</summary>
    public static string[] Header(int second, string serial = "4C4C4544-0035-3910-8053-B2C04F4E4A31") =>
    [
        $"Thu Aug 14 10:{second / 60 % 60:00}:{second % 60:00} 2014 Info: Begin Logfile",
        $"Thu Aug 14 10:{second / 60 % 60:00}:{second % 60:00} 2014 Info: Version: 8.5.6-074 SN: {serial}",
        $"Thu Aug 14 10:{second / 60 % 60:00}:{second % 60:00} 2014 Info: Time offset from UTC: 0 seconds",
    ];

    public static string[] Numbered(string prefix, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => $"Thu Aug 14 11:00:00 2014 Info: {prefix} line {i}")];
}

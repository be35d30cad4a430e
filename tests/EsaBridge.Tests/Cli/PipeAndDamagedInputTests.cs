using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Pipes;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EsaBridge.Tests.Cli;

/// <summary>Inputs that are not seekable files (FIFOs, <c>&lt;(cat log)</c>, <c>/dev/stdin</c>) and .gz files cut short.</summary>
public sealed class PipeAndDamagedInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-pipes-").FullName;

    private static string Seed => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFifoIsReadLikeStandardInputCompressedOrNot(bool gzip)
    {
        string fifo = Path.Combine(_dir, "mail.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        byte[] content = gzip ? Gzip(File.ReadAllBytes(Seed)) : File.ReadAllBytes(Seed);
        // Opening a FIFO for writing waits for its reader: the command.
        var writer = Task.Run(() => File.WriteAllBytes(fifo, content));

        var run = CliRun.Of(["parse", "--no-connections", fifo]);
        await writer.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["connection_lost", "timeout", "sender_quit"], run.StdoutLines.Select(AbortClass));
        Assert.Contains("22 lines read, 22 used", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessSubstitutionPathIsReadLikeStandardInput()
    {
        // What bash hands over for `report <(cat log)`: /dev/fd/N, the read end of a pipe.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        string path = $"/dev/fd/{pipe.GetClientHandleAsString()}";
        var writer = Task.Run(() =>
        {
            pipe.Write(File.ReadAllBytes(Seed));
            pipe.Dispose();
        });

        var run = CliRun.Of(["report", "--no-connections", path]);
        await writer.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 documents (none 0, connection_lost 1, timeout 1, sender_quit 1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sender_quit", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevStdinGzippedIsReadByTheProgram()
    {
        var child = await Esabridge(["parse", "--no-connections", "/dev/stdin"], Gzip(File.ReadAllBytes(Seed)));

        Assert.Equal(0, child.ExitCode);
        Assert.Equal(["connection_lost", "timeout", "sender_quit"], child.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AbortClass));
        Assert.DoesNotContain("Exception", child.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzipCutShortIsNamedCountedAndExitsOneAfterWritingWhatItHeld()
    {
        // gzip -c log | head -c 3000 > t.gz
        string cut = Path.Combine(_dir, "t.gz");
        File.WriteAllBytes(cut, Gzip(File.ReadAllBytes(Sample))[..3000]);
        string prefix = Path.Combine(_dir, "prefix.log");
        File.WriteAllBytes(prefix, CompleteLinesBeforeTheCut(cut));
        var whole = CliRun.Of(["parse", "--no-connections", prefix]);

        var run = CliRun.Of(["parse", "--no-connections", cut, Seed]);

        Assert.Equal(1, run.ExitCode);
        string[] errors = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.Equal($"esabridge: '{cut}' is cut short: its gzip data ends early (truncated copy or download?); the lines before the cut were read", errors[0]);
        Assert.EndsWith("; 1 input cut short", errors[1], StringComparison.Ordinal);
        Assert.True(whole.StdoutLines.Length > 3, "the part before the cut holds finished messages");
        // Every document of the part before the cut, then the next file's.
        Assert.Equal(whole.StdoutLines.Length + 3, run.StdoutLines.Length);
        Assert.Equal(whole.StdoutLines.Select(Mid), run.StdoutLines.Take(whole.StdoutLines.Length).Select(Mid));
        // The cut line itself is dropped: it is not a line of the log.
        Assert.Equal(LinesRead(whole.Stderr) + 22, LinesRead(errors[1]));
    }

    [Fact]
    public void ReportSaysTheSameForAGzipCutShort()
    {
        string cut = Path.Combine(_dir, "t.gz");
        File.WriteAllBytes(cut, Gzip(File.ReadAllBytes(Sample))[..3000]);

        var report = CliRun.Of(["report", "--no-connections", cut]);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains($"'{cut}' is cut short", report.Stderr, StringComparison.Ordinal);
        Assert.Contains("messages", report.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheProgramItselfSaysAGzipIsCutShort()
    {
        // The switch that makes decompression strict is the program's own (runtimeconfig), not only the tests'.
        string cut = Path.Combine(_dir, "t.gz");
        File.WriteAllBytes(cut, Gzip(File.ReadAllBytes(Sample))[..3000]);

        var child = await Esabridge(["parse", "--no-connections", cut], []);

        Assert.Equal(1, child.ExitCode);
        Assert.Contains($"esabridge: '{cut}' is cut short", child.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(child.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static long LinesRead(string summary) =>
        long.Parse(Regex.Match(summary, @"(\d+) lines read").Groups[1].Value, CultureInfo.InvariantCulture);

    private static byte[] CompleteLinesBeforeTheCut(string path)
    {
        var text = new MemoryStream();
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        byte[] buffer = new byte[4096];
        try
        {
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                text.Write(buffer, 0, read);
            }

            Assert.Fail("a .gz cut short reads without an error: strict decompression is off");
        }
        catch (InvalidDataException)
        {
        }

        byte[] bytes = text.ToArray();
        return bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)];
    }

    private static byte[] Gzip(byte[] content)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    private static string? AbortClass(string document) =>
        JsonDocument.Parse(document).RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("abort").GetProperty("class").GetString();

    private static long Mid(string document) =>
        JsonDocument.Parse(document).RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64();

    /// <summary>The program built next to the tests, as a child process with <paramref name="stdin"/> piped in.</summary>
    private static Task<ProgramRun> Esabridge(string[] args, byte[] stdin) =>
        Task.Run(() => ChildProcess.Run([.. ChildProcess.BuiltProgram, .. args], new Dictionary<string, string>(), TimeSpan.FromSeconds(60), stdin));
}

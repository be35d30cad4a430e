using System.Text;
using EsaBridge.Cli;

namespace EsaBridge.Tests.Cli;

/// <summary>Runs the command line in-process with captured streams.</summary>
public sealed class CliRun
{
    private CliRun(int exitCode, string stdout, string stderr)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
    }

    public int ExitCode { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static CliRun Of(
        string[] args, string stdin = "", IReadOnlyDictionary<string, string>? environment = null, bool stdinIsTerminal = false) =>
        Of(args, stdin, environment, stdinIsTerminal, outputs: null);

    /// <param name="outputs">The outputs the commands know, when a test adds one of its own.</param>
    internal static CliRun Of(
        string[] args, EsaBridge.Outputs.OutputRegistry? outputs, string stdin = "", IReadOnlyDictionary<string, string>? environment = null) =>
        Of(args, stdin, environment, stdinIsTerminal: false, outputs);

    private static CliRun Of(
        string[] args, string stdin, IReadOnlyDictionary<string, string>? environment, bool stdinIsTerminal, EsaBridge.Outputs.OutputRegistry? outputs)
    {
        var stdout = new MemoryStream();
        // Synchronized, as the real console is: outputs log from their own tasks.
        var outCapture = new StringWriter();
        var errCapture = new StringWriter();
        var outText = TextWriter.Synchronized(outCapture);
        var errText = TextWriter.Synchronized(errCapture);
        var io = new ConsoleStreams(
            () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)),
            () => new NonClosingStream(stdout),
            outText,
            errText,
            ErrorIsTerminal: false,
            InputIsTerminal: stdinIsTerminal);
        int exit = CliApp.Run(args, io, () => new DateOnly(2026, 11, 28), name => environment?.GetValueOrDefault(name), outputs);
        return new CliRun(exit, Encoding.UTF8.GetString(stdout.ToArray()) + Read(outText, outCapture), Read(errText, errCapture));
    }

    /// <summary>The text so far, read under the lock the synchronized writer takes (the writer object itself).</summary>
    private static string Read(TextWriter synchronized, StringWriter capture)
    {
        lock (synchronized)
        {
            return capture.ToString();
        }
    }

    /// <summary>Keeps the captured buffer readable after the command disposes its output.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}

namespace EsaBridge.Cli;

/// <summary>The process's standard streams, replaceable so tests run the CLI in-process.</summary>
internal sealed record ConsoleStreams(
    Func<Stream> StandardInput,
    Func<Stream> StandardOutput,
    TextWriter Out,
    TextWriter Error,
    bool ErrorIsTerminal,
    bool InputIsTerminal = false)
{
    public static ConsoleStreams System() => new(
        Console.OpenStandardInput,
        Console.OpenStandardOutput,
        Console.Out,
        Console.Error,
        !Console.IsErrorRedirected,
        !Console.IsInputRedirected);
}

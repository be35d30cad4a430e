namespace EsaBridge.Tests.Cli;

/// <summary>
/// A command run as a real child process (the program built next to the tests), for what only a process of its own can
/// have: an environment such as <c>SSL_CERT_FILE</c> that decides which CAs the system trusts.
/// </summary>
internal static class CliProcess
{
    public static ProgramRun Run(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.Run([.. ChildProcess.BuiltProgram, .. args], environment, TimeSpan.FromSeconds(60));
}

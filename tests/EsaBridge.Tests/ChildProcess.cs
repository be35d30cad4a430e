using System.Diagnostics;

namespace EsaBridge.Tests;

/// <summary>
/// Starts programs as real child processes: the build next to the tests (<see cref="BuiltProgram"/>) or another one
/// (the launcher's native build). The one place tests spawn <c>esabridge</c>; <see cref="Cli.CliProcess"/>,
/// <see cref="Service.ServiceProcess"/> and the launcher tests go through it.
/// </summary>
internal static class ChildProcess
{
    /// <summary>The command that runs the program built next to the tests.</summary>
    public static string[] BuiltProgram =>
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "esabridge.dll")];

    /// <param name="command">The executable, then its arguments.</param>
    public static Process Start(string[] command, IReadOnlyDictionary<string, string> environment, bool withInput = false)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = withInput,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in command[1..])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs a command to its end, reading both its outputs.</summary>
    /// <param name="stdin">What the command reads on its standard input (closed after it); none when null.</param>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it is killed).</exception>
    public static ProgramRun Run(string[] command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, byte[]? stdin = null)
    {
        using var process = Start(command, environment, withInput: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command stopped reading (it may refuse its input): what it printed says why.
            }
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {timeout}: {stderr.Result}");
        }

        process.WaitForExit();
        return new ProgramRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record ProgramRun(int ExitCode, string Stdout, string Stderr);

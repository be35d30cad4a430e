using System.Diagnostics;
using System.Text;

namespace EsaBridge.Tests.Service;

/// <summary>
/// <c>esabridge run</c> as a real child process (the program built next to the tests), so it can be killed with
/// SIGKILL or stopped with SIGTERM like a deployed service.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    public static ServiceProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(null, environment, args);

    /// <summary><c>run</c> from another build than the one next to the tests.</summary>
    /// <param name="program">The command that starts it: an executable, with the arguments that come first.</param>
    public static ServiceProcess StartProgram(string[] program, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(program, environment, args);

    private static ServiceProcess Launch(string[]? program, IReadOnlyDictionary<string, string> environment, string[] args) =>
        new(ChildProcess.Start([.. program ?? ChildProcess.BuiltProgram, "run", .. args], environment));

    /// <summary>SIGKILL: no chance to flush or checkpoint.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the service's "started" log line, as an operator would before stopping it.</summary>
    public void WaitUntilStarted()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Stderr.Contains(" started: ", StringComparison.Ordinal))
        {
            if (HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"esabridge did not start:\n{Stderr}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Waits (at most a minute) until <paramref name="condition"/> holds, failing if the service exits first.</summary>
    public Task UntilAsync(Func<bool> condition) => ServiceWait.UntilAsync(condition, () => HasExited, () => Stderr);

    /// <returns>The exit code of a process that ends by itself, or null when it is still running after the timeout.</returns>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd or Docker send it.</summary>
    /// <returns>The exit code, or null when it did not exit within the timeout.</returns>
    public int? Terminate(TimeSpan timeout)
    {
        WaitUntilStarted();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        return WaitForExit(timeout);
    }

    /// <summary>Sends a signal by name: <c>STOP</c> freezes the process (nothing read from its sockets), <c>CONT</c> resumes it.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

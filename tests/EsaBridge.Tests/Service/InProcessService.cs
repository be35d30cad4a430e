using EsaBridge.Cli;
using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

/// <summary><c>esabridge run</c> hosted in the test process, so the test can hand it a disk of its own.</summary>
internal sealed class InProcessService : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _log = new();
    private readonly TextWriter _synchronizedLog;
    private readonly Task<int> _run;

    private InProcessService(RunSettings settings)
    {
        _synchronizedLog = TextWriter.Synchronized(_log);
        var io = new ConsoleStreams(() => Stream.Null, () => Stream.Null, _synchronizedLog, _synchronizedLog, ErrorIsTerminal: false);
        _run = Task.Run(() => RunHost.RunAsync(settings, io, _stop.Token));
    }

    public bool HasExited => _run.IsCompleted;

    public string Log
    {
        get
        {
            lock (_synchronizedLog)
            {
                return _log.ToString();
            }
        }
    }

    public static InProcessService Start(RunSettings settings) => new(settings);

    /// <summary>Waits up to 60 s for <paramref name="condition"/>, failing at once if the service stops.</summary>
    public Task UntilAsync(Func<bool> condition) => ServiceWait.UntilAsync(condition, () => HasExited, () => Log);

    /// <summary>Waits for the service to stop by itself.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> ExitAsync(TimeSpan timeout) => await _run.WaitAsync(timeout);

    public async Task<int> StopAsync()
    {
        _stop.Cancel();
        return await _run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}

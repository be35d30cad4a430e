using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>A status line in the log every interval: rates since the last line, open sessions, spool depth, errors.</summary>
internal sealed partial class StatusReporter : IDisposable
{
    private readonly RunService _service;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ServiceSnapshot _previous;
    private TimeSpan _previousAt;

    public StatusReporter(RunService service, TimeSpan interval, ILogger logger)
    {
        _service = service;
        _logger = logger;
        _previous = ServiceSnapshot.Of(service);
        _timer = new Timer(_ => Report(), null, interval, interval);
    }

    public void Dispose() => _timer.Dispose();

    private void Report()
    {
        var now = ServiceSnapshot.Of(_service);
        var at = _clock.Elapsed;
        double seconds = Math.Max(0.001, (at - _previousAt).TotalSeconds);
        string errors = now.Outputs.Count == 0 ? "none" : string.Join(" ", now.Outputs.Select(o => $"{o.Name}={o.Errors}"))
            + ", dead letters " + (now.Outputs.Count == 0 ? "none" : string.Join(" ", now.Outputs.Select(o => $"{o.Name}={o.DeadLettered}")))
            + string.Concat(now.Degraded.Select(o => $", {o.Name} degraded: {o.Degraded}"));
        LogStatus(
            _logger,
            ((now.LinesRead - _previous.LinesRead) / seconds).ToString("0", CultureInfo.InvariantCulture),
            ((now.Documents - _previous.Documents) / seconds).ToString("0.0", CultureInfo.InvariantCulture),
            now.OpenMessages,
            now.SpoolDepthBytes,
            now.WaitingForDisk ? " (reading paused: disk full)" : now.Paused ? " (reading paused: spool full)" : string.Empty,
            errors);
        _previous = now;
        _previousAt = at;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "status: {LinesPerSecond} lines/s, {DocumentsPerSecond} documents/s, {OpenSessions} open sessions, spool {SpoolBytes} bytes{Paused}, output errors {Errors}")]
    private static partial void LogStatus(ILogger logger, string linesPerSecond, string documentsPerSecond, int openSessions, long spoolBytes, string paused, string errors);
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Logging;

/// <summary>One line per log event on a writer (stderr for the service): UTC time, level, what happened. Kept simple so
/// journald, Docker and tests all read the same thing; stdout stays free for documents.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter destination) : ILoggerProvider
{
    private readonly object _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Name(level)} {message}");
        if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
        {
            line += $" ({exception.GetType().Name}: {exception.Message})";
        }

        lock (_gate)
        {
            destination.WriteLine(Outputs.UrlRedaction.Redact(line));
            destination.Flush();
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info ",
        LogLevel.Warning => "warn ",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    private sealed class Logger(TextWriterLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}

using System.CommandLine;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>How lines are read and sessions closed: the options batch commands and <c>run</c> share.</summary>
internal sealed class LogReadingOptions
{
    public Option<string> Timezone { get; } = new("--timezone")
    {
        Description = "Zone of file-form lines without a 'Time offset from UTC' header: UTC, +02:00 or an IANA name",
        DefaultValueFactory = _ => "UTC",
    };

    public Option<int?> Year { get; } = new("--year")
    {
        Description = "Year of syslog lines that carry none (default: inferred from today, across the December/January turn)",
        CustomParser = r => ValueParsers.WholeNumber<int>("--year", "a year such as 2026")(r),
    };

    public Option<long> ListenerTimeout { get; } = new("--listener-timeout")
    {
        Description = "The listener's timeout for unsuccessful inbound connections, in seconds",
        DefaultValueFactory = _ => 300,
        CustomParser = ValueParsers.WholeNumber<long>("--listener-timeout", "a number of seconds such as 300"),
    };

    public Option<long> TimeoutTolerance { get; } = new("--timeout-tolerance")
    {
        Description = "Seconds either side of the listener timeout that still count as near it",
        DefaultValueFactory = _ => 5,
        CustomParser = ValueParsers.WholeNumber<long>("--timeout-tolerance", "a number of seconds such as 5"),
    };

    public Option<string> MaxOpenAge { get; } = new("--max-open-age")
    {
        Description = "Log time after which a message that never finished becomes an incomplete document (7d, 12h, ...)",
        DefaultValueFactory = _ => "7d",
    };

    public Option<int> MaxOpenMessages { get; } = new("--max-open-messages")
    {
        Description = "Open messages kept at most; past it the least recently seen leave as incomplete documents",
        DefaultValueFactory = _ => new SessionizerOptions().MaxOpenMessages,
        CustomParser = ValueParsers.WholeNumber<int>("--max-open-messages", "a number of messages such as 500000"),
    };

    public Option<int> MaxOpenConnections { get; } = new("--max-open-connections")
    {
        Description = "Open SMTP connections kept at most; past it the least recently seen are forgotten",
        DefaultValueFactory = _ => new SessionizerOptions().MaxOpenConnections,
        CustomParser = ValueParsers.WholeNumber<int>("--max-open-connections", "a number of connections such as 500000"),
    };

    public Option<bool> NoConnections { get; } = new("--no-connections")
    {
        Description = "Write no connection documents (one per inbound SMTP connection, event.dataset cisco_esa.connection), only session documents",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Timezone, Year, ListenerTimeout, TimeoutTolerance, MaxOpenAge, MaxOpenMessages, MaxOpenConnections, NoConnections])
        {
            command.Options.Add(option);
        }
    }

    public (ParserOptions Parser, SessionizerOptions Sessions) Read(ParseResult result, DateOnly today)
    {
        int? year = result.GetValue(Year);
        if (year is < 1970 or > 9999)
        {
            throw new UsageException($"--year: {year} is not a year between 1970 and 9999");
        }

        long timeout = result.GetValue(ListenerTimeout);
        if (timeout <= 0)
        {
            throw new UsageException($"--listener-timeout: {timeout} must be a positive number of seconds");
        }

        long tolerance = result.GetValue(TimeoutTolerance);
        if (tolerance < 0)
        {
            throw new UsageException($"--timeout-tolerance: {tolerance} must not be negative");
        }

        int maxMessages = result.GetValue(MaxOpenMessages);
        int maxConnections = result.GetValue(MaxOpenConnections);
        if (maxMessages < 1 || maxConnections < 1)
        {
            throw new UsageException(maxMessages < 1
                ? $"--max-open-messages: {maxMessages} must be at least 1"
                : $"--max-open-connections: {maxConnections} must be at least 1");
        }

        return (
            new ParserOptions { Year = year, ReferenceDate = today },
            new SessionizerOptions
            {
                Zone = ValueParsers.Zone(result.GetValue(Timezone) ?? "UTC"),
                ListenerTimeoutSeconds = timeout,
                TimeoutToleranceSeconds = tolerance,
                MaxOpenAge = ValueParsers.Duration("--max-open-age", result.GetValue(MaxOpenAge) ?? "7d"),
                MaxOpenMessages = maxMessages,
                MaxOpenConnections = maxConnections,
                Connections = !result.GetValue(NoConnections),
            });
    }
}

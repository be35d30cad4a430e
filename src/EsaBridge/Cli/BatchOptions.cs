using System.CommandLine;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>The options every batch command (parse, report) shares, and their reading into settings.</summary>
internal sealed class BatchOptions
{
    public Argument<string[]> Files { get; } = new("files")
    {
        Description = "Mail log files in order (.gz read transparently); - or nothing for standard input",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Timezone { get; } = new("--timezone")
    {
        Description = "Zone of file-form lines without a 'Time offset from UTC' header: UTC, +02:00 or an IANA name",
        DefaultValueFactory = _ => "UTC",
    };

    public Option<int?> Year { get; } = new("--year")
    {
        Description = "Year of syslog lines that carry none (default: inferred from today, across the December/January turn)",
    };

    public Option<string?> Host { get; } = new("--host")
    {
        Description = "Appliance name (observer.hostname) for lines without a syslog host",
    };

    public Option<long> ListenerTimeout { get; } = new("--listener-timeout")
    {
        Description = "The listener's timeout for unsuccessful inbound connections, in seconds",
        DefaultValueFactory = _ => 300,
    };

    public Option<long> TimeoutTolerance { get; } = new("--timeout-tolerance")
    {
        Description = "Seconds either side of the listener timeout that still count as near it",
        DefaultValueFactory = _ => 5,
    };

    public Option<string> MaxOpenAge { get; } = new("--max-open-age")
    {
        Description = "Log time after which a message that never finished becomes an incomplete document (7d, 12h, ...)",
        DefaultValueFactory = _ => "7d",
    };

    public Option<bool> FlushIncomplete { get; } = new("--flush-incomplete")
    {
        Description = "At the end of the input, emit messages still open as incomplete documents",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Files);
        command.Options.Add(Timezone);
        command.Options.Add(Year);
        command.Options.Add(Host);
        command.Options.Add(ListenerTimeout);
        command.Options.Add(TimeoutTolerance);
        command.Options.Add(MaxOpenAge);
        command.Options.Add(FlushIncomplete);
    }

    public BatchSettings Read(ParseResult result, DateOnly today)
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

        string[] files = result.GetValue(Files) ?? [];
        if (files.FirstOrDefault(f => f.Length > 1 && f[0] == '-') is string unknown)
        {
            throw new UsageException($"unknown option '{unknown}' (a file whose name starts with '-' can be given as ./{unknown})");
        }

        return new BatchSettings(
            files.Length == 0 ? ["-"] : files,
            result.GetValue(Host),
            new ParserOptions { Year = year, ReferenceDate = today },
            new SessionizerOptions
            {
                Zone = ValueParsers.Zone(result.GetValue(Timezone) ?? "UTC"),
                ListenerTimeoutSeconds = timeout,
                TimeoutToleranceSeconds = tolerance,
                MaxOpenAge = ValueParsers.Duration("--max-open-age", result.GetValue(MaxOpenAge) ?? "7d"),
            },
            result.GetValue(FlushIncomplete));
    }
}

internal sealed record BatchSettings(
    IReadOnlyList<string> Files,
    string? Host,
    ParserOptions Parser,
    SessionizerOptions Sessions,
    bool FlushIncomplete);

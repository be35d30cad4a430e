using System.CommandLine;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Cli;

/// <summary>The options every batch command (parse, report, ship) shares, and their reading into settings.</summary>
internal sealed class BatchOptions
{
    public Argument<string[]> Files { get; } = new("files")
    {
        Description = "Mail log files in order (.gz read transparently); - or nothing for standard input",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Host { get; } = new("--host") { Description = "Appliance name (observer.hostname) for lines without a syslog host" };

    public Option<bool> FlushIncomplete { get; } = new("--flush-incomplete")
    {
        Description = "At the end of the input, emit messages still open as incomplete documents",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Files);
        Reading.AddTo(command);
        command.Options.Add(Host);
        command.Options.Add(FlushIncomplete);
    }

    public LogReadingOptions Reading { get; } = new();

    public BatchSettings Read(ParseResult result, DateOnly today)
    {
        string[] files = result.GetValue(Files) ?? [];
        if (files.FirstOrDefault(f => f.Length > 1 && f[0] == '-') is string unknown)
        {
            throw new UsageException($"unknown option '{unknown}' (a file whose name starts with '-' can be given as ./{unknown})");
        }

        var (parser, sessions) = Reading.Read(result, today);
        return new BatchSettings(files.Length == 0 ? ["-"] : files, result.GetValue(Host), parser, sessions, result.GetValue(FlushIncomplete));
    }
}

internal sealed record BatchSettings(
    IReadOnlyList<string> Files,
    string? Host,
    ParserOptions Parser,
    SessionizerOptions SessionizerOptions,
    bool FlushIncomplete);

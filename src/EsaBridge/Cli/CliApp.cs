using System.CommandLine;
using EsaBridge.Inputs;
using EsaBridge.Outputs;

namespace EsaBridge.Cli;

/// <summary>The command line: builds the commands, turns every failure into one line on stderr and an exit code.</summary>
internal static class CliApp
{
    /// <param name="outputs">The outputs <c>ship</c> and <c>resend</c> know; <see cref="OutputRegistry.BuiltIn"/> when not given.</param>
    public static int Run(
        string[] args, ConsoleStreams io, Func<DateOnly>? today = null, Func<string, string?>? environment = null, OutputRegistry? outputs = null)
    {
        var root = BuildRoot(
            io, today ?? (() => DateOnly.FromDateTime(DateTime.UtcNow)), environment ?? Environment.GetEnvironmentVariable, outputs ?? OutputRegistry.BuiltIn);
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Error });
            return ExitCodes.UsageError;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string message = CommandSuggestion.For(root, args) ?? UrlRedaction.Redact(parsed.Errors[0].Message);
            io.Error.WriteLine($"esabridge: {message} (see esabridge --help)");
            return ExitCodes.UsageError;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false };
            if (parsed.CommandResult.Command.Name == "run")
            {
                // The service handles SIGTERM and Ctrl-C itself, with a longer budget to drain and checkpoint.
                invocation.ProcessTerminationTimeout = null;
            }

            return parsed.Invoke(invocation);
        }
        catch (Exception e) when (Unwrap(e) is UsageException or InputException or IOException)
        {
            var cause = Unwrap(e);
            io.Error.WriteLine($"esabridge: {UrlRedaction.Redact(cause.Message)}");
            return cause is UsageException ? ExitCodes.UsageError : ExitCodes.InputError;
        }
    }

    /// <summary>The whole command tree; also read by the test that keeps docs/configuration.md complete.</summary>
    internal static RootCommand BuildRoot(ConsoleStreams io, Func<DateOnly> today, Func<string, string?> environment, OutputRegistry? outputs = null)
    {
        var root = new RootCommand("EsaBridge: one enriched session document per Cisco ESA message, with why it was aborted");
        root.Subcommands.Add(ParseCommand.Create(io, today));
        root.Subcommands.Add(ReportCommand.Create(io, today));
        outputs ??= OutputRegistry.BuiltIn;
        root.Subcommands.Add(ShipCommand.Create(io, today, environment, outputs));
        root.Subcommands.Add(SetupCommand.Create(io, environment));
        root.Subcommands.Add(ExportCommand.Create(io));
        root.Subcommands.Add(RunCommand.Create(io, today, environment));
        root.Subcommands.Add(ResendCommand.Create(io, environment, outputs));
        return root;
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerException!) : e;
}

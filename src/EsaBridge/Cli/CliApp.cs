using System.CommandLine;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>The command line: builds the commands, turns every failure into one line on stderr and an exit code.</summary>
internal static class CliApp
{
    public static int Run(string[] args, ConsoleStreams io, Func<DateOnly>? today = null)
    {
        today ??= () => DateOnly.FromDateTime(DateTime.UtcNow);
        var root = new RootCommand("EsaBridge: one enriched session document per Cisco ESA message, with why it was aborted");
        root.Subcommands.Add(ParseCommand.Create(io, today));
        root.Subcommands.Add(ReportCommand.Create(io, today));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            io.Error.WriteLine($"esabridge: {parsed.Errors[0].Message} (see esabridge --help)");
            return ExitCodes.UsageError;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            io.Error.WriteLine($"esabridge: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is InputException or IOException)
        {
            io.Error.WriteLine($"esabridge: {e.Message}");
            return ExitCodes.InputError;
        }
    }
}

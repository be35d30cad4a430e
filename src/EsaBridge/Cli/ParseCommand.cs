using System.CommandLine;
using EsaBridge.Pipeline;

namespace EsaBridge.Cli;

/// <summary><c>esabridge parse</c>: documents as NDJSON on stdout or into a file, a summary on stderr.</summary>
internal static class ParseCommand
{
    public static Command Create(ConsoleStreams io, Func<DateOnly> today)
    {
        var options = new BatchOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Write the NDJSON documents to this file instead of stdout" };
        var command = new Command("parse", "Turn mail logs into one JSON session document per finished message (NDJSON)");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            var settings = options.Read(result, today());
            string? outputPath = result.GetValue(output);
            using var destination = new NdjsonByteWriter(OpenOutput(outputPath, io));
            var damaged = new DamagedInputs();
            var pipeline = BatchRun.Execute(settings, io, destination.Documents, damaged);
            destination.Complete();
            MailLogCheck.ThrowIfNoMailLogLines(pipeline);
            io.Error.WriteLine(SummaryLine.Format(pipeline) + damaged.SummarySuffix());
            return damaged.ExitCode(ExitCodes.Success);
        });
        return command;
    }

    private static Stream OpenOutput(string? path, ConsoleStreams io)
    {
        if (path is null || path == "-")
        {
            return io.StandardOutput();
        }

        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Inputs.InputException($"--output '{path}': {e.Message}");
        }
    }
}

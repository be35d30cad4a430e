using System.CommandLine;

namespace EsaBridge.Cli;

/// <summary><c>esabridge report</c>: a terminal summary of outcomes and aborts.</summary>
internal static class ReportCommand
{
    public static Command Create(ConsoleStreams io, Func<DateOnly> today)
    {
        var options = new BatchOptions();
        var command = new Command("report", "Summarise outcomes and receiving aborts of mail logs in the terminal");
        options.AddTo(command);
        command.SetAction(result =>
        {
            var settings = options.Read(result, today());
            long documents = 0;
            var pipeline = BatchRun.Execute(settings, io, _ => documents++);
            io.Out.WriteLine($"{documents} documents");
            io.Error.WriteLine(SummaryLine.Format(pipeline));
            return ExitCodes.Success;
        });
        return command;
    }
}

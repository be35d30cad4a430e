using System.CommandLine;
using EsaBridge.Core.Sessions;
using EsaBridge.Reporting;
using Spectre.Console;

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
            var report = new ReportBuilder(settings.SessionizerOptions.ListenerTimeoutSeconds, settings.SessionizerOptions.TimeoutToleranceSeconds);
            var damaged = new DamagedInputs();
            var pipeline = BatchRun.Execute(settings, io, new SessionRecordSink(report.Add, report.Add), damaged);
            report.RefusedWithoutIcid = pipeline.Counters.RefusedWithoutIcid;
            MailLogCheck.ThrowIfNoMailLogLines(pipeline);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Out) });
            ReportRenderer.Render(report.Build(), console);
            io.Error.WriteLine(SummaryLine.Format(pipeline) + damaged.SummarySuffix());
            return damaged.ExitCode(ExitCodes.Success);
        });
        return command;
    }
}

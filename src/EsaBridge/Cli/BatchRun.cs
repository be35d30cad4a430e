using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;
using Spectre.Console;

namespace EsaBridge.Cli;

/// <summary>Reads the inputs of a batch command in order, as one stream, through the pipeline.</summary>
internal static class BatchRun
{
    private const long ProgressThresholdBytes = 32L << 20;

    /// <returns>The pipeline, for its counters and the number of messages still open.</returns>
    public static LogPipeline Execute(BatchSettings settings, ConsoleStreams io, Action<SessionRecord> emit)
    {
        var inputs = new List<InputFile>();
        try
        {
            foreach (string path in settings.Files)
            {
                inputs.Add(InputFile.Open(path, io.StandardInput));
            }

            var pipeline = new LogPipeline(settings.Parser, settings.Sessions, emit);
            var reader = new LineReader(settings.Parser.MaxLineBytes);
            long total = inputs.Sum(i => i.Length);
            if (io.ErrorIsTerminal && total >= ProgressThresholdBytes)
            {
                ReadWithProgress(inputs, settings, pipeline, reader, io.Error, total);
            }
            else
            {
                foreach (var input in inputs)
                {
                    ReadOne(input, settings, pipeline, reader, null);
                }
            }

            if (settings.FlushIncomplete)
            {
                pipeline.FlushIncomplete();
            }

            return pipeline;
        }
        finally
        {
            inputs.ForEach(i => i.Dispose());
        }
    }

    private static void ReadOne(InputFile input, BatchSettings settings, LogPipeline pipeline, LineReader reader, Action? chunkRead)
    {
        pipeline.SetSource(settings.Host, input.IsStandardInput ? null : Path.GetFullPath(input.Name));
        try
        {
            reader.Read(input.Content, pipeline, chunkRead);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException($"'{input.Name}': {e.Message}");
        }
    }

    private static void ReadWithProgress(
        List<InputFile> inputs, BatchSettings settings, LogPipeline pipeline, LineReader reader, TextWriter error, long total)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Reading", maxValue: total);
                long done = 0;
                foreach (var input in inputs)
                {
                    ReadOne(input, settings, pipeline, reader, () => task.Value = done + input.Position);
                    done += input.Length;
                }

                task.Value = total;
            });
    }
}

using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;
using EsaBridge.Pipeline;
using Spectre.Console;

namespace EsaBridge.Cli;

/// <summary>Reads the inputs of a batch command in order, as one stream, through the pipeline.</summary>
internal static class BatchRun
{
    private const long ProgressThresholdBytes = 32L << 20;

    /// <summary>Finished messages handed to <paramref name="finished"/> (a document sink, or the report's records); parsing
    /// runs on the calling thread, sessionizing (and so <paramref name="finished"/>) on another, in order.</summary>
    /// <returns>The pipeline, for its counters and the number of messages still open.</returns>
    /// <param name="damaged">Collects the .gz inputs cut short or damaged; the others are still read.</param>
    public static LogPipeline Execute(BatchSettings settings, ConsoleStreams io, FinishedMessageSink finished, DamagedInputs damaged)
    {
        var pipeline = new LogPipeline(settings.Parser, settings.SessionizerOptions, finished);
        // Sessionizing shares the document writing stage's threads: two busy threads on two cores, not three.
        using var reader = new ParsingStage(
            pipeline.Parser, pipeline.Sessionizer, settings.Parser.MaxLineBytes, workers: (finished as Core.Documents.DocumentSink)?.Workers);
        return Execute(settings, io, pipeline, reader, damaged);
    }

    private static LogPipeline Execute(BatchSettings settings, ConsoleStreams io, LogPipeline pipeline, ParsingStage reader, DamagedInputs damaged)
    {
        var inputs = new List<InputFile>();
        try
        {
            if (io.InputIsTerminal && settings.Files.Contains("-"))
            {
                // Otherwise a first try with no file waits on the terminal in silence.
                io.Error.WriteLine("esabridge: reading mail log lines from standard input (end with Ctrl-D); give log files as arguments, see --help");
            }

            foreach (string path in settings.Files)
            {
                inputs.Add(InputFile.Open(path, io.StandardInput));
            }

            long total = inputs.Sum(i => i.Length);
            if (io.ErrorIsTerminal && total >= ProgressThresholdBytes)
            {
                ReadWithProgress(inputs, settings, reader, io.Error, total, damaged);
            }
            else
            {
                inputs.ForEach(input => ReadOne(input, settings, reader, null, damaged, io.Error));
            }

            reader.Finish();

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

    private static void ReadOne(
        InputFile input, BatchSettings settings, ParsingStage reader, Action? chunkRead, DamagedInputs damaged, TextWriter error)
    {
        reader.SetSource(settings.Host, input.IsStandardInput ? null : Path.GetFullPath(input.Name));
        try
        {
            reader.Read(input.Content, chunkRead);
        }
        catch (InvalidDataException e) when (input.IsGzip)
        {
            damaged.Add(input, e, error);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException($"'{input.Name}': {e.Message}");
        }
    }

    private static void ReadWithProgress(
        List<InputFile> inputs, BatchSettings settings, ParsingStage reader, TextWriter error, long total, DamagedInputs damaged)
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
                    ReadOne(input, settings, reader, () => task.Value = done + input.Position, damaged, error);
                    done += input.Length;
                }

                task.Value = total;
            });
    }
}

using System.CommandLine;
using System.Globalization;
using EsaBridge.Delivery;
using EsaBridge.Outputs.Elasticsearch;

namespace EsaBridge.Cli;

/// <summary>
/// <c>esabridge ship</c>: a backfill. Parses like <c>parse</c> and delivers every document to the configured outputs;
/// exits 0 only when every document was acknowledged (created, or already present).
/// </summary>
internal static class ShipCommand
{
    public static Command Create(ConsoleStreams io, Func<DateOnly> today, Func<string, string?> environment)
    {
        var batch = new BatchOptions();
        var elasticsearch = new ElasticsearchOptions();
        var deadLetter = new Option<string>("--dead-letter")
        {
            Description = "NDJSON file for documents an output rejected for good or could not deliver in time",
            DefaultValueFactory = _ => "esabridge-dead-letters.ndjson",
        };
        var command = new Command("ship", "Parse mail logs and deliver every session document to Elasticsearch");
        batch.AddTo(command);
        elasticsearch.AddTo(command, withBatching: true);
        command.Options.Add(deadLetter);
        command.SetAction((result, cancellation) => RunAsync(
            batch.Read(result, today()), elasticsearch.Read(result, environment), result.GetValue(deadLetter)!, io, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(
        BatchSettings settings, ElasticsearchSettings? elasticsearch, string deadLetterPath, ConsoleStreams io, CancellationToken cancellation)
    {
        if (elasticsearch is null)
        {
            throw new UsageException("ship needs an output: --es-url URL");
        }

        using var deadLetters = new DeadLetterFile(deadLetterPath);
        var outputs = new List<IDocumentOutput> { new ElasticsearchOutput(elasticsearch, deadLetters) };
        try
        {
            using var shipper = new DocumentShipper(outputs, cancellation);
            Core.Sessions.LogPipeline pipeline;
            try
            {
                pipeline = BatchRun.Execute(settings, io, shipper.Add);
            }
            catch (OutputFatalException)
            {
                await shipper.CompleteAsync().ConfigureAwait(false);
                throw;
            }

            await shipper.CompleteAsync().ConfigureAwait(false);
            io.Error.WriteLine(SummaryLine.Format(pipeline));
            return Report(outputs, shipper.Documents, deadLetters, io) ? ExitCodes.Success : ExitCodes.InputError;
        }
        catch (OutputFatalException e)
        {
            io.Error.WriteLine($"esabridge: {e.Message}");
            return ExitCodes.InputError;
        }
        finally
        {
            foreach (var output in outputs)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <returns>True when every output acknowledged every document.</returns>
    private static bool Report(List<IDocumentOutput> outputs, long documents, DeadLetterFile deadLetters, ConsoleStreams io)
    {
        bool complete = true;
        foreach (var output in outputs)
        {
            var c = output.Counters;
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"esabridge: {output.Name}: {c.Sent} documents sent, {c.Created} created, {c.AlreadyPresent} already present, {c.Retried} retried, {c.DeadLettered} dead-lettered"));
            complete &= c.Acknowledged == documents;
        }

        if (deadLetters.Count > 0)
        {
            io.Error.WriteLine($"esabridge: {deadLetters.Count} dead letters with their reasons in {Path.GetFullPath(deadLetters.Path)}");
        }

        return complete;
    }
}

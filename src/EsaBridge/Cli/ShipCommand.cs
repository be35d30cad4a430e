using System.CommandLine;
using System.Globalization;
using EsaBridge.Delivery;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.Splunk;
using EsaBridge.Setup;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Cli;

/// <summary>
/// <c>esabridge ship</c>: a backfill. Parses like <c>parse</c> and delivers every document to the configured outputs
/// (Elasticsearch, Splunk HEC, or both); exits 0 only when every output acknowledged every document.
/// </summary>
internal static class ShipCommand
{
    public static Command Create(ConsoleStreams io, Func<DateOnly> today, Func<string, string?> environment)
    {
        var batch = new BatchOptions();
        var elasticsearch = new ElasticsearchOptions();
        var hec = new HecOptions();
        var delivery = new DeliveryOptions();
        var command = new Command("ship", "Parse mail logs and deliver every session document to Elasticsearch and/or Splunk HEC");
        batch.AddTo(command);
        elasticsearch.AddTo(command, withBatching: true);
        hec.AddTo(command);
        delivery.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var settings = batch.Read(result, today());
            var es = elasticsearch.Read(result, environment);
            var splunk = hec.Read(result, environment);
            if (es is null && splunk is null)
            {
                throw new UsageException("ship needs an output: --es-url URL or --hec-url URL");
            }

            var shared = delivery.Read(result);
            return RunAsync(settings, es is null ? null : es with { RetryFor = shared.RetryFor },
                splunk is null ? null : splunk with { RetryFor = shared.RetryFor }, shared.DeadLetterPath, io, cancellation);
        });
        return command;
    }

    /// <summary>Shortest time between two lines about the same kind of failure of one output.</summary>
    private static readonly TimeSpan TroubleLogInterval = TimeSpan.FromSeconds(30);

    private static async Task<int> RunAsync(
        BatchSettings settings, ElasticsearchSettings? elasticsearch, HecSettings? hec, string deadLetterPath, ConsoleStreams io, CancellationToken cancellation)
    {
        using var deadLetters = new DeadLetterFile(deadLetterPath);
        var outputs = new List<IDocumentOutput>();
        var troubleLogs = new List<TroubleLog>();
        try
        {
            if (elasticsearch is not null)
            {
                var es = new ElasticsearchOutput(elasticsearch, deadLetters);
                outputs.Add(es);
                if (await es.CheckAsync(cancellation).ConfigureAwait(false) is { } problem)
                {
                    throw problem;
                }

                await WarnIfTemplateMissingAsync(elasticsearch, io.Error, cancellation).ConfigureAwait(false);
            }

            if (hec is not null)
            {
                outputs.Add(await HecOutput.StartAsync(hec, deadLetters, io.Error, cancellation).ConfigureAwait(false));
            }

            string deadLetterFile = Path.GetFullPath(deadLetters.Path);
            foreach (var output in outputs)
            {
                // Each retry kind is said as it first happens, then at most every interval, so a long wait is never silent.
                troubleLogs.Add(new TroubleLog(output.Trouble, output.Name, (_, line) => WriteLine(io, $"esabridge: {output.Name}: {line}"), TroubleLogInterval, deadLetterFile));
            }

            using var shipper = new DocumentShipper(outputs, cancellation);
            var damaged = new DamagedInputs();
            Core.Sessions.LogPipeline pipeline;
            try
            {
                pipeline = BatchRun.Execute(settings, io, shipper.Documents, damaged);
            }
            catch (OutputFatalException)
            {
                await shipper.CompleteAsync().ConfigureAwait(false);
                throw;
            }

            await shipper.CompleteAsync().ConfigureAwait(false);
            MailLogCheck.ThrowIfNoMailLogLines(pipeline);
            troubleLogs.ForEach(log => log.Flush());
            io.Error.WriteLine(SummaryLine.Format(pipeline) + damaged.SummarySuffix());
            return damaged.ExitCode(Report(outputs, shipper.Count, deadLetters, io) ? ExitCodes.Success : ExitCodes.InputError);
        }
        catch (OutputFatalException e)
        {
            io.Error.WriteLine($"esabridge: {UrlRedaction.Redact(e.Message)}");
            return ExitCodes.InputError;
        }
        finally
        {
            troubleLogs.ForEach(log => log.Dispose());
            foreach (var output in outputs)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void WriteLine(ConsoleStreams io, string line)
    {
        lock (io)
        {
            io.Error.WriteLine(line);
        }
    }

    /// <summary>
    /// Without the index template, the first document creates the data stream with Elasticsearch's default
    /// mappings (text instead of keyword, no ip or date types), and it keeps them until it rolls over.
    /// </summary>
    private static async Task WarnIfTemplateMissingAsync(ElasticsearchSettings settings, TextWriter error, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        bool? installed;
        try
        {
            installed = await new ElasticsearchSetup(ElasticsearchClientFactory.Create(settings)).IndexTemplateInstalledAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            installed = null;
        }

        if (installed == false)
        {
            error.WriteLine(
                $"esabridge: warning: the index template {ShippedAssets.IndexTemplateName} is not installed, so {settings.DataStream} gets Elasticsearch's default mappings: " +
                $"run esabridge setup elasticsearch, then roll the data stream over (POST {settings.DataStream}/_rollover) if it exists already");
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

        // The file grows across runs: its total, not only this run's, is what is waiting to be sent again.
        long total = DeadLetterFile.CountIn(deadLetters.Path);
        if (total > 0)
        {
            string path = Path.GetFullPath(deadLetters.Path);
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"esabridge: {deadLetters.Count} dead letters in this run; {path} holds {total} in total, with their reasons (once fixed, send them again: esabridge resend {path} with the same output flags)"));
        }

        return complete;
    }
}

using System.CommandLine;
using System.Globalization;
using EsaBridge.Delivery;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Setup;
using EsaBridge.Setup.Assets;
using EsaBridge.Spool;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Cli;

/// <summary><c>esabridge ship</c>: a backfill. Parses like <c>parse</c> and delivers every document to the configured
/// outputs (Elasticsearch, Splunk HEC, or both); exits 0 only when every output acknowledged every document.</summary>
internal static class ShipCommand
{
    public static Command Create(ConsoleStreams io, Func<DateOnly> today, Func<string, string?> environment, OutputRegistry registry)
    {
        var batch = new BatchOptions();
        var outputs = registry.Kinds.Select(kind => kind.CreateOptions()).ToList();
        var delivery = new DeliveryOptions();
        var command = new Command("ship", "Parse mail logs and deliver every session document to Elasticsearch and/or Splunk HEC");
        batch.AddTo(command);
        outputs.ForEach(output => output.AddTo(command, withBatching: true));
        delivery.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var settings = batch.Read(result, today());
            var configured = outputs.Select(output => output.Read(result, environment)).OfType<IOutputSettings>().ToList();
            if (configured.Count == 0)
            {
                throw new UsageException($"ship needs an output: {registry.UrlFlags}");
            }

            var shared = delivery.Read(result);
            return RunAsync(settings, configured.ConvertAll(output => output.WithRetryFor(shared.RetryFor)), shared.DeadLetterPath, io, cancellation);
        });
        return command;
    }

    private static readonly TimeSpan TroubleLogInterval = TimeSpan.FromSeconds(30);

    private static async Task<int> RunAsync(
        BatchSettings settings, List<IOutputSettings> configured, string deadLetterPath, ConsoleStreams io, CancellationToken cancellation)
    {
        using var deadLetters = new DeadLetterFile(deadLetterPath);
        var outputs = new List<IDocumentOutput>();
        var engines = new List<DeliveryEngine>();
        var troubleLogs = new List<TroubleLog>();
        try
        {
            foreach (var output in configured)
            {
                // Checked first: a wrong address or a refused key is one line at once, not minutes of retries.
                var created = output.Create(io.Error);
                if (await output.CheckAsync(created, output.RetryFor, cancellation).ConfigureAwait(false) is { } problem)
                {
                    throw problem;
                }

                outputs.Add(created);
                engines.Add(new DeliveryEngine(created, output.Policy(), deadLetters));

                if (created is ElasticsearchOutput es && output is ElasticsearchSettings elasticsearch)
                {
                    await WarnIfTemplateMissingAsync(es.Client, elasticsearch, io.Error, cancellation).ConfigureAwait(false);
                }
            }

            string deadLetterFile = Path.GetFullPath(deadLetters.Path);
            foreach (var output in outputs)
            {
                // Each retry kind is said as it first happens, then at most every interval, so a long wait is never silent.
                troubleLogs.Add(new TroubleLog(output.Trouble, output.Name, (_, line) => WriteLine(io, $"esabridge: {output.Name}: {line}"), TroubleLogInterval, deadLetterFile));
            }

            var (pipeline, documents) = await ShipAsync(settings, engines, io, cancellation).ConfigureAwait(false);
            MailLogCheck.ThrowIfNoMailLogLines(pipeline.Pipeline);
            troubleLogs.ForEach(log => log.Flush());
            io.Error.WriteLine(SummaryLine.Format(pipeline.Pipeline) + pipeline.Damaged.SummarySuffix());
            return pipeline.Damaged.ExitCode(Report(outputs, documents, deadLetters, io) ? ExitCodes.Success : ExitCodes.InputError);
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

    /// <summary>Batches sent at once to each output: two overlap the server's work with the next batch's sending.</summary>
    private const int InFlight = 2;

    /// <summary>Reads the inputs into a <see cref="MemorySpool"/> that an <see cref="OutputWorker"/> per output delivers
    /// from, as <c>run</c> does from its spool on disk; the first refusal stops every output and reading.</summary>
    /// <returns>The finished pipeline, and how many documents it made.</returns>
    /// <exception cref="OutputFatalException">An output refused us for good.</exception>
    private static async Task<((Core.Sessions.LogPipeline Pipeline, DamagedInputs Damaged) Pipeline, long Documents)> ShipAsync(
        BatchSettings settings, List<DeliveryEngine> engines, ConsoleStreams io, CancellationToken cancellation)
    {
        var limits = (engines.Min(e => e.Output.BatchLimits.Documents), engines.Min(e => e.Output.BatchLimits.Bytes));
        using var spool = new MemorySpool(limits, InFlight + 2, cancellation);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var workers = new List<OutputWorker>();
        foreach (var engine in engines)
        {
            workers.Add(new OutputWorker(engine, spool, cursorDirectory: null, NullLogger.Instance, acknowledged: () => spool.Release(workers.Min(w => w.Position)), inFlight: InFlight, batchLimits: limits));
        }

        var running = workers.ConvertAll(worker => Task.Run(async () =>
        {
            try
            {
                await worker.RunAsync(stopSending.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure stops the other outputs, then the writer (it throws at its next hand-off).
                await stopSending.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }));
        var delivered = Task.WhenAll(running);
        _ = delivered.ContinueWith(
            failed => spool.Fail(failed.Exception!.InnerException!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        var damaged = new DamagedInputs();
        Core.Sessions.LogPipeline pipeline;
        try
        {
            // On a thread of its own: reading blocks for the whole run, and on the thread pool it would hold one of the
            // few threads (one per core) that the sends and their answers run on.
            pipeline = await Task.Factory.StartNew(
                () => BatchRun.Execute(settings, io, spool.Documents, damaged), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .ConfigureAwait(false);
            spool.Complete();
        }
        catch (OutputFatalException)
        {
            await delivered.ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            await stopSending.CancelAsync().ConfigureAwait(false);
            try
            {
                await delivered.ConfigureAwait(false);
            }
            catch (OutputFatalException)
            {
                // Reading failed first: its failure is the one reported.
            }

            throw;
        }

        workers.ForEach(worker => worker.Drain());
        await delivered.ConfigureAwait(false);
        return ((pipeline, damaged), spool.Count);
    }

    private static void WriteLine(ConsoleStreams io, string line)
    {
        lock (io)
        {
            io.Error.WriteLine(line);
        }
    }

    /// <summary>Without the index templates, the first document of each kind creates its data stream with Elasticsearch's
    /// default mappings (text instead of keyword, no ip or date types), and it keeps them until it rolls over.</summary>
    private static async Task WarnIfTemplateMissingAsync(
        Elastic.Clients.Elasticsearch.ElasticsearchClient client, ElasticsearchSettings settings, TextWriter error, CancellationToken cancellation)
    {
        var setup = new ElasticsearchSetup(client);
        foreach (var (template, dataStream) in ((string, string)[])[
            (ShippedAssets.IndexTemplateName, settings.DataStream), (ShippedAssets.ConnectionIndexTemplateName, settings.ConnectionDataStream)])
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            bool? installed;
            try
            {
                installed = await setup.IndexTemplateInstalledAsync(template, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                installed = null;
            }

            if (installed == false)
            {
                error.WriteLine(
                    $"esabridge: warning: the index template {template} is not installed, so {dataStream} gets Elasticsearch's default mappings: " +
                    $"run esabridge setup elasticsearch, then roll the data stream over (POST {dataStream}/_rollover) if it exists already");
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

using System.CommandLine;
using EsaBridge.Delivery;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.Splunk;

namespace EsaBridge.Cli;

/// <summary>
/// <c>esabridge resend DEADLETTERFILE --es-url URL | --hec-url URL</c>: sends dead letters again, each through the output
/// that refused it (optionally only some: <c>--from</c>, <c>--reason-contains</c>), and removes from the file what
/// was delivered.
/// </summary>
internal static class ResendCommand
{
    public static Command Create(ConsoleStreams io, Func<string, string?> environment)
    {
        var file = new Argument<string>("file") { Description = "The dead-letter file (ship's --dead-letter, or run's, by default STATE-DIR/dead-letters.ndjson)" };
        var from = new Option<string?>("--from") { Description = "Only the dead letters of this output: elasticsearch or splunk-hec" };
        var reason = new Option<string?>("--reason-contains") { Description = "Only the dead letters whose reason contains this text (case-insensitive)" };
        var elasticsearch = new ElasticsearchOptions();
        var hec = new HecOptions();
        var delivery = new DeliveryOptions();
        var command = new Command("resend", "Send the documents of a dead-letter file again and remove from it those delivered");
        command.Arguments.Add(file);
        command.Options.Add(from);
        command.Options.Add(reason);
        elasticsearch.AddTo(command, withBatching: true);
        hec.AddTo(command);
        command.Options.Add(delivery.RetryFor);
        command.SetAction((result, cancellation) =>
        {
            var es = elasticsearch.Read(result, environment);
            var splunk = hec.Read(result, environment);
            if (es is null && splunk is null)
            {
                throw new UsageException("resend needs the output to send to: --es-url URL or --hec-url URL");
            }

            string? output = result.GetValue(from);
            if (output is not (null or "elasticsearch" or "splunk-hec"))
            {
                throw new UsageException($"--from: '{output}' is not an output (elasticsearch or splunk-hec)");
            }

            string? contains = result.GetValue(reason);
            var retryFor = ValueParsers.Duration("--retry-for", result.GetValue(delivery.RetryFor) ?? "10m");
            return RunAsync(
                result.GetValue(file)!,
                es is null ? null : es with { RetryFor = retryFor },
                splunk is null ? null : splunk with { RetryFor = retryFor },
                e => (output is null || e.Output == output) && (contains is null || e.Reason.Contains(contains, StringComparison.OrdinalIgnoreCase)),
                io,
                cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        string path, ElasticsearchSettings? elasticsearch, HecSettings? hec, Func<DeadLetterEntry, bool> selected, ConsoleStreams io, CancellationToken cancellation)
    {
        if (!File.Exists(path))
        {
            throw new Inputs.InputException($"{path}: no such dead-letter file");
        }

        // Left by an earlier resend that was killed: its documents are still in the file itself.
        string rejectsPath = path + ".rejected.tmp";
        File.Delete(rejectsPath);
        using var rejects = new DeadLetterFile(rejectsPath);
        var outputs = new List<IDocumentOutput>();
        var engines = new List<DeliveryEngine>();
        try
        {
            if (elasticsearch is not null)
            {
                var es = new ElasticsearchOutput(elasticsearch);
                outputs.Add(es);
                engines.Add(new DeliveryEngine(es, new DeliveryPolicy(elasticsearch.RetryFor, elasticsearch.RetryBaseDelay, elasticsearch.RetryMaxDelay), rejects));
            }

            if (hec is not null)
            {
                var splunk = await HecOutput.StartAsync(hec, io.Error, cancellation).ConfigureAwait(false);
                outputs.Add(splunk);
                engines.Add(new DeliveryEngine(splunk, new DeliveryPolicy(hec.RetryFor, hec.RetryBaseDelay, hec.RetryMaxDelay), rejects));
            }

            bool complete = await new DeadLetterResend(path, rejects, engines, selected, io.Error).RunAsync(cancellation).ConfigureAwait(false);
            return complete ? ExitCodes.Success : ExitCodes.InputError;
        }
        catch (OutputFatalException e)
        {
            io.Error.WriteLine($"esabridge: {UrlRedaction.Redact(e.Message)}");
            return ExitCodes.InputError;
        }
        finally
        {
            foreach (var output in outputs)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }

            File.Delete(rejectsPath);
        }
    }
}

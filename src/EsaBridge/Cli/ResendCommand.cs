using System.CommandLine;
using EsaBridge.Delivery;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Splunk;

namespace EsaBridge.Cli;

/// <summary><c>esabridge resend DEADLETTERFILE --es-url URL | --hec-url URL</c>: sends dead letters again, each through
/// the output that refused it (optionally only some: <c>--from</c>, <c>--reason-contains</c>), and removes from the
/// file what was delivered.</summary>
internal static class ResendCommand
{
    public static Command Create(ConsoleStreams io, Func<string, string?> environment, OutputRegistry registry)
    {
        var file = new Argument<string>("file") { Description = "The dead-letter file (ship's --dead-letter, or run's, by default STATE-DIR/dead-letters.ndjson)" };
        var from = new Option<string?>("--from") { Description = "Only the dead letters of this output: elasticsearch or splunk-hec" };
        var reason = new Option<string?>("--reason-contains") { Description = "Only the dead letters whose reason contains this text (case-insensitive)" };
        var outputs = registry.Kinds.Select(kind => kind.CreateOptions()).ToList();
        var delivery = new DeliveryOptions();
        var command = new Command("resend", "Send the documents of a dead-letter file again and remove from it those delivered");
        command.Arguments.Add(file);
        command.Options.Add(from);
        command.Options.Add(reason);
        outputs.ForEach(options => options.AddTo(command, withBatching: true));
        command.Options.Add(delivery.RetryFor);
        command.SetAction((result, cancellation) =>
        {
            var configured = outputs.Select(options => options.Read(result, environment)).OfType<IOutputSettings>().ToList();
            if (configured.Count == 0)
            {
                throw new UsageException($"resend needs the output to send to: {registry.UrlFlags}");
            }

            string? output = result.GetValue(from);
            if (output is not null && !registry.Kinds.Any(kind => kind.Name == output))
            {
                throw new UsageException($"--from: '{output}' is not an output ({string.Join(" or ", registry.Kinds.Select(kind => kind.Name))})");
            }

            string? contains = result.GetValue(reason);
            var retryFor = ValueParsers.Duration("--retry-for", result.GetValue(delivery.RetryFor) ?? "10m");
            return RunAsync(
                result.GetValue(file)!,
                configured.ConvertAll(settings => settings.WithRetryFor(retryFor)),
                e => (output is null || e.Output == output) && (contains is null || e.Reason.Contains(contains, StringComparison.OrdinalIgnoreCase)),
                io,
                cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        string path, List<IOutputSettings> configured, Func<DeadLetterEntry, bool> selected, ConsoleStreams io, CancellationToken cancellation)
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
            foreach (var settings in configured)
            {
                var output = settings.Create(io.Error);

                // HEC is asked for its health first, waiting out a busy one; Elasticsearch answers with the first bulk.
                if (settings is HecSettings && await settings.CheckAsync(output, settings.RetryFor, cancellation).ConfigureAwait(false) is { } problem)
                {
                    throw problem;
                }

                outputs.Add(output);
                engines.Add(new DeliveryEngine(output, settings.Policy(), rejects));
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

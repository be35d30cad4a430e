using System.CommandLine;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Setup;

namespace EsaBridge.Cli;

/// <summary><c>esabridge setup elasticsearch|kibana|splunk</c>: installs the shipped assets, idempotently, and says what changed.</summary>
internal static class SetupCommand
{
    public static Command Create(ConsoleStreams io, Func<string, string?> environment)
    {
        var command = new Command("setup", "Install the index template, lifecycle policy, ingest pipeline and dashboards");
        command.Subcommands.Add(Elasticsearch(io, environment));
        command.Subcommands.Add(Kibana(io, environment));
        command.Subcommands.Add(SplunkSetupCommand.Create(io, environment, RunAsync));
        return command;
    }

    private static Command Elasticsearch(ConsoleStreams io, Func<string, string?> environment)
    {
        var options = new ElasticsearchOptions();
        var command = new Command("elasticsearch", "Install the component and index templates, the lifecycle policy and the geoip ingest pipeline");
        options.AddTo(command, withBatching: false);
        command.SetAction(async (result, cancellation) =>
        {
            var settings = options.Read(result, environment) ?? throw new UsageException("setup elasticsearch needs --es-url URL");
            var client = ElasticsearchClientFactory.Create(settings);
            return await RunAsync(() => new ElasticsearchSetup(client).RunAsync(cancellation), io).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Kibana(ConsoleStreams io, Func<string, string?> environment)
    {
        var url = new Option<string?>("--kibana-url") { Description = "Kibana URL, e.g. https://kibana:5601" };
        var apiKey = new Option<string?>("--kibana-api-key") { Description = "API key; better: environment variable ESABRIDGE_KIBANA_API_KEY" };
        var username = new Option<string?>("--kibana-username") { Description = "User for basic authentication" };
        var password = new Option<string?>("--kibana-password") { Description = "Password; better: environment variable ESABRIDGE_KIBANA_PASSWORD" };
        var space = new Option<string?>("--space") { Description = "Kibana space to import into (default: the default space)" };
        var ca = new Option<string?>("--kibana-ca-cert") { Description = "CA certificate file that signed Kibana's certificate" };
        var command = new Command("kibana", "Import the data view and dashboards into Kibana (overwriting earlier versions)");
        foreach (Option option in (Option[])[url, apiKey, username, password, space, ca])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellation) =>
        {
            string text = result.GetValue(url) ?? throw new UsageException("setup kibana needs --kibana-url URL");
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--kibana-url: '{UrlRedaction.Redact(text)}' is not an http(s) URL");
            }

            var settings = new KibanaSettings(
                Url: uri,
                ApiKey: result.GetValue(apiKey) ?? environment("ESABRIDGE_KIBANA_API_KEY"),
                Username: result.GetValue(username),
                Password: result.GetValue(password) ?? environment("ESABRIDGE_KIBANA_PASSWORD"),
                Space: result.GetValue(space),
                CaCertificatePath: result.GetValue(ca));
            using var setup = new KibanaSetup(settings);
            return await RunAsync(() => setup.RunAsync(cancellation), io).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(Func<Task<IReadOnlyList<SetupStep>>> run, ConsoleStreams io)
    {
        try
        {
            foreach (var step in await run().ConfigureAwait(false))
            {
                io.Out.WriteLine(step.ToString());
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is SetupException or HttpRequestException or TaskCanceledException)
        {
            io.Error.WriteLine($"esabridge: {UrlRedaction.Redact(e.Message)}");
            return ExitCodes.InputError;
        }
    }
}

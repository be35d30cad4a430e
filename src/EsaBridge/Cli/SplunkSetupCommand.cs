using System.CommandLine;
using System.Text.RegularExpressions;
using EsaBridge.Setup;
using EsaBridge.Setup.Splunk;

namespace EsaBridge.Cli;

/// <summary><c>esabridge setup splunk --splunk-url https://host:8089</c>: the Splunk app through the management REST API.</summary>
internal static partial class SplunkSetupCommand
{
    public static Command Create(ConsoleStreams io, Func<string, string?> environment, Func<Func<Task<IReadOnlyList<SetupStep>>>, ConsoleStreams, Task<int>> run)
    {
        var url = new Option<string?>("--splunk-url") { Description = "Splunk's management address, e.g. https://splunk:8089" };
        var username = new Option<string?>("--splunk-username") { Description = "User for basic authentication (needs admin or a role that may write the app)" };
        var password = new Option<string?>("--splunk-password") { Description = "Password; better: environment variable ESABRIDGE_SPLUNK_PASSWORD" };
        var token = new Option<string?>("--splunk-token") { Description = "Authentication token (sent as Bearer); better: environment variable ESABRIDGE_SPLUNK_TOKEN" };
        var ca = new Option<string?>("--splunk-ca-cert") { Description = "CA certificate file that signed splunkd's certificate" };
        var insecure = new Option<bool>("--splunk-insecure") { Description = "Do not check splunkd's TLS certificate (labs only)" };
        var app = new Option<string>("--splunk-app") { Description = "The app to install into (created when missing)", DefaultValueFactory = _ => "esabridge" };
        var index = new Option<string?>("--splunk-index") { Description = "Set the esa_index macro to index=NAME (otherwise an existing macro is kept)" };
        var command = new Command("splunk", "Install the Splunk app (dashboards, props, CIM tags, index macro, alerts) through the REST API");
        foreach (Option option in (Option[])[url, username, password, token, ca, insecure, app, index])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellation) =>
        {
            var settings = new SplunkSettings(
                Url: ReadUrl(result.GetValue(url)),
                Username: result.GetValue(username),
                Password: result.GetValue(password) ?? environment("ESABRIDGE_SPLUNK_PASSWORD"),
                Token: result.GetValue(token) ?? environment("ESABRIDGE_SPLUNK_TOKEN"),
                CaCertificatePath: result.GetValue(ca),
                Insecure: result.GetValue(insecure),
                App: ReadName(result.GetValue(app)!, "--splunk-app", AppName()),
                Index: result.GetValue(index) is string name ? ReadName(name, "--splunk-index", IndexName()) : null);
            if (settings.Token is null && settings.Username is null)
            {
                throw new UsageException("setup splunk needs credentials: --splunk-username (password from ESABRIDGE_SPLUNK_PASSWORD) or a token (ESABRIDGE_SPLUNK_TOKEN)");
            }

            if (settings.Token is null && settings.Password is null)
            {
                throw new UsageException("setup splunk: --splunk-username needs a password (--splunk-password or ESABRIDGE_SPLUNK_PASSWORD)");
            }

            if (settings.Insecure)
            {
                io.Error.WriteLine("esabridge: warning: --splunk-insecure: splunkd's TLS certificate is not checked; anyone in the path can read the credentials (labs only)");
            }

            if (settings.CaCertificatePath is string path && !File.Exists(path))
            {
                throw new UsageException($"--splunk-ca-cert '{path}': no such file");
            }

            using var client = new SplunkRestClient(settings);
            return await run(() => new SplunkSetup(settings, client).RunAsync(cancellation), io).ConfigureAwait(false);
        });
        return command;
    }

    private static Uri ReadUrl(string? text)
    {
        if (text is null)
        {
            throw new UsageException("setup splunk needs --splunk-url URL (the management port, e.g. https://splunk:8089)");
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--splunk-url: '{Outputs.UrlRedaction.Redact(text)}' is not an http(s) URL");
        }

        return uri;
    }

    private static string ReadName(string text, string option, Regex rule) =>
        rule.IsMatch(text) ? text : throw new UsageException($"{option}: '{text}' is not a valid name");

    /// <summary>Splunk app folder names: letters, digits, '_', '-', '.'; not starting with '.' or '_'.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}$")]
    private static partial Regex AppName();

    /// <summary>Splunk index names: lower-case letters, digits, '_' and '-', not starting with '_' or '-'.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_\-]{0,79}$")]
    private static partial Regex IndexName();
}

using EsaBridge.Cli;
using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Assets;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Kibana;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// The esabridge commands the deployment files run (the compose file's <c>setup</c> and <c>esabridge</c> services,
/// the systemd unit's ExecStart) are real commands of this program: each is parsed by the real command line with
/// <c>--help</c> appended, and the setup commands also run against the Elasticsearch and Kibana doubles.
/// </summary>
public sealed class DeployCommandTests
{
    /// <summary>
    /// Commands the deployment files already use but that live on other branches (issue 4: <c>setup splunk</c>;
    /// issue 5: <c>run</c>). This branch must reject them as unknown; once one exists, its test fails: move it out
    /// of this list (at merge) so its flags are checked like the others'.
    /// </summary>
    internal static readonly string[] CommandsNotYetInThisBranch = [];

    private static readonly ComposeFile Compose = ComposeFile.Load();

    public static TheoryData<string, string[]> DeploymentCommands()
    {
        var data = new TheoryData<string, string[]>();
        foreach (string service in (string[])["setup", "esabridge"])
        {
            foreach (string[] argv in Compose.EsabridgeCommands(service))
            {
                data.Add($"compose service {service}", argv);
            }
        }

        data.Add("deploy/systemd/esabridge.service", SystemdUnit.Load().ExecStartArguments);
        data.Add("deploy/esabridge.json as run flags", SampleConfigAsFlags());
        return data;
    }

    /// <summary>The sample config file's keys are <c>run</c>'s flags without dashes: as flags, they must parse.</summary>
    private static string[] SampleConfigAsFlags()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(AssetJson.RepositoryFile("deploy", "esabridge.json")));
        var argv = new List<string> { "run" };
        foreach (var setting in config.RootElement.EnumerateObject())
        {
            var values = setting.Value.ValueKind == System.Text.Json.JsonValueKind.Array ? [.. setting.Value.EnumerateArray()] : new[] { setting.Value };
            foreach (var value in values)
            {
                argv.Add("--" + setting.Name);
                argv.Add(value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }

        return [.. argv];
    }

    [Theory]
    [MemberData(nameof(DeploymentCommands))]
    public void EachCommandIsARealCommandWithRealOptions(string where, string[] argv)
    {
        string command = CommandPath(argv);
        // Parsed only, never invoked: these commands would connect to servers or run forever.
        var errors = Parse(argv).Errors.Select(e => e.Message).ToList();

        if (CommandsNotYetInThisBranch.Contains(command))
        {
            Assert.True(errors.Count > 0, $"{where}: '{command}' is accepted now: move it out of CommandsNotYetInThisBranch");
            Assert.Contains(errors, e => e.StartsWith("Unrecognized command or argument", StringComparison.Ordinal));
            return;
        }

        Assert.True(errors.Count == 0, $"{where}: esabridge {string.Join(' ', argv)}: {string.Join("; ", errors)}");
        var help = CliRun.Of([.. argv, "--help"]);
        Assert.True(help.ExitCode == 0, $"{where}: --help exited {help.ExitCode}: {help.Stderr}");
        Assert.DoesNotContain("Unrecognized", help.Stderr + help.Stdout, StringComparison.Ordinal);
        Assert.Contains($" {command} [options]", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledOptionOrUnknownCommandIsCaught()
    {
        Assert.Contains(Parse(["setup", "elasticsearch", "--es-urls", "http://es:9200"]).Errors, e => e.Message.Contains("--es-urls", StringComparison.Ordinal));
        Assert.NotEmpty(Parse(["setup", "nosuch", "--es-url", "http://es:9200"]).Errors);
        Assert.Empty(Parse(["setup", "elasticsearch", "--es-url", "http://es:9200", "--es-username", "elastic"]).Errors);
    }

    [Fact]
    public void TheNotYetListHoldsOnlyCommandsTheDeploymentUses()
    {
        var used = DeploymentCommands().Select(row => CommandPath((string[])row[1])).ToHashSet();

        Assert.Subset(used, CommandsNotYetInThisBranch.ToHashSet());
        Assert.Contains("setup elasticsearch", used);
        Assert.Contains("setup kibana", used);
    }

    [Fact]
    public async Task SetupElasticsearchAsComposeRunsItInstallsTheAssets()
    {
        string[] argv = Single("setup elasticsearch");
        var environment = Compose.Environment("setup");
        string user = ValueOf(argv, "--es-username");
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Basic = (user, environment["ESABRIDGE_ES_PASSWORD"]) });

        var run = CliRun.Of(WithValue(argv, "--es-url", es.Url.ToString()), environment: environment);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(ShippedAssets.IndexTemplateName, es.IndexTemplates.Keys);
        Assert.Contains(ShippedAssets.IlmPolicyName, es.IlmPolicies.Keys);
        Assert.Contains(ShippedAssets.IngestPipelineName, es.IngestPipelines.Keys);
        Assert.DoesNotContain(environment["ESABRIDGE_ES_PASSWORD"], run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupKibanaAsComposeRunsItImportsTheDashboards()
    {
        string[] argv = Single("setup kibana");
        var environment = Compose.Environment("setup");
        string user = ValueOf(argv, "--kibana-username");
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { Basic = (user, environment["ESABRIDGE_KIBANA_PASSWORD"]) });

        var run = CliRun.Of(WithValue(argv, "--kibana-url", kibana.Url.ToString()), environment: environment);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("index-pattern:" + ShippedAssets.DataViewId, kibana.ImportedObjects.Keys);
        Assert.Contains("dashboard:esabridge-receiving-aborts", kibana.ImportedObjects.Keys);
        Assert.Contains("dashboard:esabridge-sessions-overview", kibana.ImportedObjects.Keys);
    }

    [Fact]
    public void TheShellSplitterRefusesWhatOnlyAShellCouldRun()
    {
        Assert.Equal(["setup", "a b", "c\"d"], ShellWords.Split("setup 'a b' \"c\\\"d\""));
        Assert.Throws<FormatException>(() => ShellWords.Split("setup --es-url $URL"));
        Assert.Throws<FormatException>(() => ShellWords.Split("setup kibana && rm -rf /"));
    }

    private static System.CommandLine.ParseResult Parse(string[] argv) =>
        CliApp.BuildRoot(new ConsoleStreams(() => Stream.Null, () => Stream.Null, TextWriter.Null, TextWriter.Null, ErrorIsTerminal: false),
            () => new DateOnly(2026, 11, 28), _ => null).Parse(argv);

    /// <summary>The words before the first option: <c>setup kibana</c>, <c>run</c>.</summary>
    private static string CommandPath(string[] argv) => string.Join(' ', argv.TakeWhile(a => !a.StartsWith('-')));

    private static string[] Single(string command) =>
        Assert.Single(Compose.EsabridgeCommands("setup"), argv => CommandPath(argv) == command);

    private static string ValueOf(string[] argv, string option) => argv[Array.IndexOf(argv, option) + 1];

    private static string[] WithValue(string[] argv, string option, string value)
    {
        string[] copy = [.. argv];
        int at = Array.IndexOf(copy, option);
        Assert.True(at >= 0 && at + 1 < copy.Length, $"{option} missing in {string.Join(' ', argv)}");
        copy[at + 1] = value;
        return copy;
    }
}

/// <summary>deploy/systemd/esabridge.service, read as systemd reads simple <c>Key=value</c> lines.</summary>
public sealed class SystemdUnit
{
    private SystemdUnit(ILookup<string, string> settings) => Settings = settings;

    public ILookup<string, string> Settings { get; }

    /// <summary>ExecStart's words after the program.</summary>
    public string[] ExecStartArguments => ShellWords.Split(Settings["ExecStart"].Single())[1..];

    public static SystemdUnit Load() => new(File.ReadLines(AssetJson.RepositoryFile("deploy", "systemd", "esabridge.service"))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && l[0] is not ('#' or ';' or '[') && l.Contains('='))
        .Select(l => l.Split('=', 2))
        .ToLookup(p => p[0], p => p[1], StringComparer.Ordinal));
}

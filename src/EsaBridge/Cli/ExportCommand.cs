using System.CommandLine;
using System.Text.Json;
using EsaBridge.Setup.Assets;
using EsaBridge.Setup.Splunk;

namespace EsaBridge.Cli;

/// <summary><c>esabridge export template|lifecycle|pipeline|dashboards|splunk-app</c>: prints a shipped asset.
/// Templates, policy and pipeline come as Kibana Dev Tools requests (<c>PUT path</c> then the body), ready to paste;
/// dashboards as NDJSON ready for Stack Management → Saved objects → Import; the Splunk app as a package for Apps →
/// Install app from file.</summary>
internal static class ExportCommand
{
    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("export", "Print a shipped asset: template, lifecycle, pipeline, dashboards or splunk-app");
        command.Subcommands.Add(Asset("template", "Component templates and the index templates", io, () =>
            [.. ShippedAssets.ComponentTemplates.Select(c => Request($"_component_template/{c.Name}", c.Json)),
             .. ShippedAssets.IndexTemplates.Select(t => Request($"_index_template/{t.Name}", t.Json))]));
        command.Subcommands.Add(Asset("lifecycle", "The index lifecycle policy", io, () =>
            [Request($"_ilm/policy/{ShippedAssets.IlmPolicyName}", ShippedAssets.IlmPolicy)]));
        command.Subcommands.Add(Asset("pipeline", "The geoip ingest pipeline", io, () =>
            [Request($"_ingest/pipeline/{ShippedAssets.IngestPipelineName}", ShippedAssets.IngestPipeline)]));
        command.Subcommands.Add(Asset("dashboards", "The Kibana data view and dashboards (NDJSON)", io, () =>
            UniqueObjects(ShippedAssets.KibanaDashboards.SelectMany(d => d.Ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries)))));
        command.Subcommands.Add(SplunkApp(io));
        return command;
    }

    private static Command SplunkApp(ConsoleStreams io)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The package to write (.tar.gz or .spl); - for standard output" };
        var command = new Command("splunk-app", "Write the Splunk app as an installable package (.tar.gz / .spl)");
        command.Options.Add(output);
        command.SetAction(result =>
        {
            string path = result.GetValue(output) ?? throw new UsageException("export splunk-app needs --output FILE (.tar.gz or .spl)");
            var files = ShippedAssets.SplunkApp;
            if (path == "-")
            {
                using var stdout = io.StandardOutput();
                SplunkAppArchive.Write(stdout, ShippedAssets.SplunkAppName, files);
                return ExitCodes.Success;
            }

            try
            {
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
                {
                    SplunkAppArchive.Write(file, ShippedAssets.SplunkAppName, files);
                }

                io.Out.WriteLine($"{path}: Splunk app {ShippedAssets.SplunkAppName}, {files.Count} files (Splunk Web: Apps > Manage Apps > Install app from file)");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                io.Error.WriteLine($"esabridge: cannot write --output '{path}': {e.Message}");
                return ExitCodes.InputError;
            }
        });
        return command;
    }

    private static Command Asset(string name, string description, ConsoleStreams io, Func<IEnumerable<string>> parts)
    {
        var command = new Command(name, description);
        command.SetAction(_ =>
        {
            foreach (string part in parts())
            {
                io.Out.WriteLine(part);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Each saved object once: every dashboard file carries the data view, and Kibana's import refuses a file
    /// that holds an object twice ("Non-unique import objects detected").</summary>
    private static IEnumerable<string> UniqueObjects(IEnumerable<string> lines)
    {
        var seen = new HashSet<(string, string)>();
        foreach (string line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (seen.Add((root.GetProperty("type").GetString()!, root.GetProperty("id").GetString()!)))
            {
                yield return line;
            }
        }
    }

    private static string Request(string path, string body) => $"PUT {path}\n{body.Trim()}\n";
}

using System.CommandLine;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Cli;

/// <summary>
/// <c>esabridge export template|lifecycle|pipeline|dashboards</c>: prints a shipped asset. Templates, policy and
/// pipeline come as Kibana Dev Tools requests (<c>PUT path</c> then the body), ready to paste; dashboards as NDJSON
/// ready for Stack Management → Saved objects → Import.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("export", "Print a shipped asset: template, lifecycle, pipeline or dashboards");
        command.Subcommands.Add(Asset("template", "Component templates and the index template", io, () =>
            [.. ShippedAssets.ComponentTemplates.Select(c => Request($"_component_template/{c.Name}", c.Json)),
             Request($"_index_template/{ShippedAssets.IndexTemplateName}", ShippedAssets.IndexTemplate)]));
        command.Subcommands.Add(Asset("lifecycle", "The index lifecycle policy", io, () =>
            [Request($"_ilm/policy/{ShippedAssets.IlmPolicyName}", ShippedAssets.IlmPolicy)]));
        command.Subcommands.Add(Asset("pipeline", "The geoip ingest pipeline", io, () =>
            [Request($"_ingest/pipeline/{ShippedAssets.IngestPipelineName}", ShippedAssets.IngestPipeline)]));
        command.Subcommands.Add(Asset("dashboards", "The Kibana data view and dashboards (NDJSON)", io, () =>
            [.. ShippedAssets.KibanaDashboards.Select(d => d.Ndjson.TrimEnd('\n'))]));
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

    private static string Request(string path, string body) => $"PUT {path}\n{body.Trim()}\n";
}

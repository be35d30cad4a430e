using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using EsaBridge.Cli;
using EsaBridge.Tests.Assets;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// docs/configuration.md cannot drift from the program: the test walks the real command tree and wants every
/// command named in the page and every option named (as <c>`--flag`</c>) in its command's own section.
/// </summary>
public sealed partial class ConfigurationDocTests
{
    private static readonly string Doc = File.ReadAllText(AssetJson.RepositoryFile("docs", "configuration.md"));

    public static TheoryData<string, string> CommandOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, command) in Commands(Root(), ""))
        {
            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
            {
                foreach (string name in option.Aliases.Prepend(option.Name))
                {
                    data.Add(path, name);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> CommandPaths() => [.. Commands(Root(), "").Select(c => c.Path)];

    [Theory]
    [MemberData(nameof(CommandOptions))]
    public void EveryOptionIsDocumentedInItsCommandsSection(string command, string option)
    {
        string section = Section(command.Split(' ')[0] == "export" ? "export" : command);

        Assert.True(section.Contains($"`{option}", StringComparison.Ordinal), $"docs/configuration.md, section esabridge {command}: `{option}` is not documented");
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void EveryCommandIsNamed(string command)
    {
        Assert.Contains($"`{(command.StartsWith("export ", StringComparison.Ordinal) ? command : "esabridge " + command)}", Doc, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEnvironmentVariableAnOptionMentionsIsDocumented()
    {
        var variables = Commands(Root(), "")
            .SelectMany(c => c.Command.Options)
            .SelectMany(o => EnvironmentVariable().Matches(o.Description ?? "").Select(m => m.Value))
            .ToHashSet();

        Assert.NotEmpty(variables);
        foreach (string variable in variables)
        {
            Assert.Contains($"`{variable}`", Doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryComposeVariableIsDocumented()
    {
        foreach (string variable in ComposeFile.Load().EnvExample.Keys.Where(k => k != "COMPOSE_PROJECT_NAME"))
        {
            Assert.Contains($"`{variable}`", Doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheWalkSeesTheWholeTree()
    {
        var paths = Commands(Root(), "").Select(c => c.Path).ToList();

        Assert.Contains("setup elasticsearch", paths);
        Assert.Contains("export dashboards", paths);
        Assert.Contains(("ship", "--es-url"), CommandOptions().Select(row => ((string)row[0], (string)row[1])));
        Assert.Contains(("parse", "-o"), CommandOptions().Select(row => ((string)row[0], (string)row[1])));
    }

    /// <summary>The text from the <c>## `esabridge {command}`</c> heading to the next <c>## </c> heading.</summary>
    private static string Section(string command)
    {
        string heading = $"\n## `esabridge {command}`\n";
        int start = Doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no section '## `esabridge {command}`'");
        int end = Doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? Doc[start..] : Doc[start..end];
    }

    private static RootCommand Root() => CliApp.BuildRoot(
        new ConsoleStreams(() => Stream.Null, () => Stream.Null, TextWriter.Null, TextWriter.Null, ErrorIsTerminal: false),
        () => new DateOnly(2026, 11, 28),
        _ => null);

    private static IEnumerable<(string Path, Command Command)> Commands(Command parent, string prefix)
    {
        foreach (var command in parent.Subcommands)
        {
            string path = prefix.Length == 0 ? command.Name : prefix + " " + command.Name;
            yield return (path, command);
            foreach (var child in Commands(command, path))
            {
                yield return child;
            }
        }
    }

    [GeneratedRegex("ESABRIDGE_[A-Z_]+")]
    private static partial Regex EnvironmentVariable();
}

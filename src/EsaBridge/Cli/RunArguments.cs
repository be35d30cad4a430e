using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;

namespace EsaBridge.Cli;

/// <summary>Settings of <c>run</c> from three places, flags winning over environment variables, and those over the
/// <c>--config</c> file. Every option can come from each: the file's keys are the flag names without dashes
/// (<c>{"es-url": ["https://es:9200"], "state-dir": "/var/lib/esabridge"}</c>), the environment's are <c>ESABRIDGE_</c>
/// plus the name in upper case with underscores (<c>ESABRIDGE_STATE_DIR</c>; a repeatable flag takes a comma-separated
/// list). Values not given as flags become flags and the command line is read again: all three get the same checks.</summary>
internal static class RunArguments
{
    public const string EnvironmentPrefix = "ESABRIDGE_";

    public static ParseResult Expand(ParseResult given, Option<string?> config, Func<string, string?> environment)
    {
        var command = given.CommandResult.Command;
        var fromFile = given.GetValue(config) is string path ? ReadConfigFile(path, command) : [];
        var extra = new List<string>();
        foreach (var option in command.Options)
        {
            if (option == config || !option.Name.StartsWith("--", StringComparison.Ordinal) || IsGiven(given, option))
            {
                continue;
            }

            string key = option.Name[2..];
            if (environment(EnvironmentName(key)) is string fromEnvironment)
            {
                var values = IsRepeatable(option)
                    ? fromEnvironment.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [fromEnvironment];
                Add(extra, option, values);
            }
            else if (fromFile.TryGetValue(key, out var values))
            {
                Add(extra, option, values);
            }
        }

        if (extra.Count == 0)
        {
            return given;
        }

        int commandToken = given.Tokens.ToList().FindIndex(t => t.Type == TokenType.Command && t.Value == command.Name);
        string[] tokens = [.. given.Tokens.Skip(commandToken + 1).Select(t => t.Value), .. extra];
        var expanded = command.Parse(tokens);
        if (expanded.Errors.Count > 0)
        {
            throw new UsageException($"{expanded.Errors[0].Message} (from the environment or --config)");
        }

        return expanded;
    }

    public static string EnvironmentName(string key) => EnvironmentPrefix + key.ToUpperInvariant().Replace('-', '_');

    private static bool IsGiven(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static bool IsRepeatable(Option option) => option.Arity.MaximumNumberOfValues > 1;

    private static void Add(List<string> tokens, Option option, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            tokens.Add(option.Name);
            tokens.Add(value);
        }
    }

    /// <returns>Values by key; an unknown key is a usage error, so a typo never goes unnoticed.</returns>
    private static Dictionary<string, List<string>> ReadConfigFile(string path, Command command)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Inputs.InputException($"--config: cannot read '{path}': {e.Message}");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--config: '{path}' is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--config: '{path}' must hold a JSON object of settings");
            }

            var known = command.Options.Select(o => o.Name.TrimStart('-')).ToHashSet(StringComparer.Ordinal);
            var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name) || property.Name == "config")
                {
                    throw new UsageException($"--config: unknown setting '{property.Name}' in '{path}' (keys are the flag names without dashes)");
                }

                values[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                    ? [.. property.Value.EnumerateArray().Select(v => Scalar(path, property.Name, v))]
                    : [Scalar(path, property.Name, property.Value)];
            }

            return values;
        }
    }

    private static string Scalar(string path, string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new UsageException($"--config: '{key}' in '{path}' must be a string, number, boolean or a list of them"),
    };
}

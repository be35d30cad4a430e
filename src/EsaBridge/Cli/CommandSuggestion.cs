using System.CommandLine;

namespace EsaBridge.Cli;

/// <summary>Says which command was meant when the words before the options name none: the closest command to a misspelt
/// one (<c>pars</c>: <c>parse</c>), or the commands to choose from.</summary>
internal static class CommandSuggestion
{
    private const int MaxEdits = 2;

    /// <returns>The message, or null when the command words are fine (the error is elsewhere).</returns>
    public static string? For(RootCommand root, IReadOnlyList<string> args)
    {
        Command current = root;
        foreach (string arg in args)
        {
            if (current.Subcommands.Count == 0)
            {
                return null;
            }

            if (arg.StartsWith('-'))
            {
                break;
            }

            var next = current.Subcommands.FirstOrDefault(c => c.Name == arg || c.Aliases.Contains(arg));
            if (next is null)
            {
                string prefix = current == root ? string.Empty : current.Name + " ";
                return Closest(arg, current.Subcommands.Select(c => c.Name)) is { } closest
                    ? $"unknown command '{prefix}{arg}': did you mean '{prefix}{closest}'?"
                    : $"unknown command '{prefix}{arg}': the commands are {Choices(current)}";
            }

            current = next;
        }

        return current.Subcommands.Count > 0
            ? $"{(current == root ? "esabridge" : current.Name)} needs a command: {Choices(current)}"
            : null;
    }

    private static string Choices(Command command)
    {
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    private static string? Closest(string typed, IEnumerable<string> names) => names
        .Select(n => (Name: n, Edits: Distance(typed, n)))
        .Where(c => c.Edits <= MaxEdits || c.Name.StartsWith(typed, StringComparison.Ordinal))
        .OrderBy(c => c.Edits)
        .Select(c => c.Name)
        .FirstOrDefault();

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                row[j] = Math.Min(substitution, Math.Min(previous[j], row[j - 1]) + 1);
            }

            (previous, row) = (row, previous);
        }

        return previous[b.Length];
    }
}

using System.Text.RegularExpressions;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// Reads the fields a search uses, command by command, for the commands the app's searches are written with
/// (base search, <c>search</c>, <c>eval</c>, <c>where</c>, <c>stats</c>, <c>timechart</c>, <c>sort</c>, <c>table</c>,
/// <c>head</c>, <c>rename</c>). It follows what each command leaves behind: after <c>stats</c> only its BY fields and
/// aggregates exist, after <c>timechart</c> only <c>_time</c> and the aggregates. A command it does not know is an
/// error, so a new search cannot slip past the check.
/// </summary>
internal sealed partial class SplSearch
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "NOT", "IN", "LIKE", "BY", "AS", "true", "false", "null" };

    private SplSearch(string baseSearch, IReadOnlyList<string> macros)
    {
        BaseSearch = baseSearch;
        Macros = macros;
    }

    /// <summary>The part before the first pipe, as written.</summary>
    public string BaseSearch { get; }

    /// <summary>The macros the search calls (<c>`name`</c> or <c>`name(args)`</c>), by name.</summary>
    public IReadOnlyList<string> Macros { get; }

    /// <summary>Each use of a field that did not exist at that point: "command: field".</summary>
    public List<string> Missing { get; } = [];

    /// <summary>Every field the search reads.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    public static SplSearch Check(string query, IReadOnlySet<string> eventFields)
    {
        string text = Tokens().Replace(query, "\"token\"");
        var macros = Macro().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var search = new SplSearch(SplitOutside(query, '|')[0].Trim(), macros);
        var commands = SplitOutside(Macro().Replace(text, " "), '|');
        var available = new HashSet<string>(eventFields, StringComparer.Ordinal);
        for (int i = 0; i < commands.Count; i++)
        {
            string command = commands[i].Trim();
            string name = i == 0 ? "search" : command.Split(' ', 2)[0];
            string args = i == 0 ? command : command[name.Length..].Trim();
            available = search.Apply(name, args, available);
        }

        return search;
    }

    private HashSet<string> Apply(string command, string args, HashSet<string> available)
    {
        void Use(string field)
        {
            Used.Add(field);
            if (!available.Contains(field))
            {
                Missing.Add($"{command}: {field}");
            }
        }

        switch (command)
        {
            case "search":
                foreach (Match m in Comparison().Matches(Unquote(args)))
                {
                    Use(m.Groups[1].Value);
                }

                return available;
            case "where":
                foreach (string field in ExpressionFields(args))
                {
                    Use(field);
                }

                return available;
            case "eval":
                foreach (string assignment in SplitOutside(args, ','))
                {
                    int equals = assignment.IndexOf('=', StringComparison.Ordinal);
                    foreach (string field in ExpressionFields(assignment[(equals + 1)..]))
                    {
                        Use(field);
                    }

                    available.Add(assignment[..equals].Trim());
                }

                return available;
            case "stats" or "timechart":
                return Aggregate(command, args, Use);
            case "sort":
                foreach (string word in args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !int.TryParse(w, out _)))
                {
                    Use(word.TrimStart('-', '+'));
                }

                return available;
            case "table":
                foreach (string word in args.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
                {
                    Use(word);
                }

                return available;
            case "head":
                return available;
            case "fillnull":
                // fillnull [value=X] field...: the listed fields exist on every event afterwards.
                foreach (string word in args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Contains('=', StringComparison.Ordinal)))
                {
                    available.Add(word);
                }

                return available;
            case "rename":
                foreach (Match m in Rename().Matches(args))
                {
                    Use(m.Groups[1].Value);
                    available.Remove(m.Groups[1].Value);
                    available.Add(m.Groups[2].Value.Trim('"'));
                }

                return available;
            default:
                throw new NotSupportedException($"the field check does not know the command '{command}'");
        }
    }

    private static HashSet<string> Aggregate(string command, string args, Action<string> use)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (command == "timechart")
        {
            result.Add("_time");
        }

        string[] parts = ByClause().Split(args, 2);
        string aggregates = Option().Replace(parts[0], " ");
        foreach (Match m in Aggregation().Matches(aggregates))
        {
            string function = m.Groups["function"].Value;
            string field = m.Groups["field"].Value;
            if (field.Length > 0)
            {
                use(field);
            }

            result.Add(m.Groups["as"].Success ? m.Groups["as"].Value : field.Length > 0 ? $"{function}({field})" : function);
        }

        if (parts.Length == 2)
        {
            foreach (string by in parts[1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                use(by);
                result.Add(by);
            }
        }

        return result;
    }

    /// <summary>The field names in an eval or where expression: bare names not called as functions, and 'quoted' names.</summary>
    private static IEnumerable<string> ExpressionFields(string expression)
    {
        string withoutStrings = DoubleQuoted().Replace(expression, " ");
        foreach (Match m in SingleQuoted().Matches(withoutStrings))
        {
            yield return m.Groups[1].Value;
        }

        foreach (Match m in Identifier().Matches(SingleQuoted().Replace(withoutStrings, " ")))
        {
            if (!Keywords.Contains(m.Value))
            {
                yield return m.Value;
            }
        }
    }

    private static string Unquote(string text) => DoubleQuoted().Replace(text, "\"\"");

    /// <summary>Splits on a separator that is outside double quotes, backticks and parentheses.</summary>
    private static List<string> SplitOutside(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        bool quoted = false, macro = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"' && !macro)
            {
                quoted = !quoted;
            }
            else if (c == '`' && !quoted)
            {
                macro = !macro;
            }
            else if (!quoted && !macro && c == '(')
            {
                depth++;
            }
            else if (!quoted && !macro && c == ')')
            {
                depth--;
            }
            else if (!quoted && !macro && depth == 0 && c == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"\$[^$\s]+\$")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"`([A-Za-z0-9_]+)(\([^`]*\))?`")]
    private static partial Regex Macro();

    [GeneratedRegex(@"(?<![\w.{}'""])([A-Za-z_][\w.{}]*)\s*(?:!=|>=|<=|=|>|<)")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex DoubleQuoted();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex SingleQuoted();

    [GeneratedRegex(@"(?<![\w.{}])[A-Za-z_][\w.{}]*(?!\s*\()(?![\w.{}])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\s+BY\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ByClause();

    [GeneratedRegex(@"\b\w+=\S+")]
    private static partial Regex Option();

    [GeneratedRegex(@"(?<function>[a-z][a-z0-9_]*)(?:\((?<field>[^)]*)\))?(?:\s+AS\s+(?<as>""[^""]+""|\w+))?", RegexOptions.IgnoreCase)]
    private static partial Regex Aggregation();

    [GeneratedRegex(@"(\S+)\s+AS\s+(""[^""]+""|\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex Rename();
}

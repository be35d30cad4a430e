using System.Text.RegularExpressions;
using EsaBridge.Tests.Assets;

namespace EsaBridge.Tests.Deploy;

/// <summary>A fenced query block of a docs page: its language (<c>kql</c>, <c>esql</c>, <c>spl</c>) and text.</summary>
public sealed record DocQuery(string File, int Line, string Language, string Text)
{
    public override string ToString() => $"{File}:{Line} ({Language})";
}

/// <summary>
/// Reads the query blocks of the docs and pulls out the field names each query uses, per language. The rules
/// follow each language's grammar as far as the docs' queries need: names defined inside a query (EVAL, STATS,
/// <c>AS</c>) are aliases, not fields; functions, keywords, options, literals and index patterns are not fields.
/// </summary>
public static partial class DocQueries
{
    public static readonly string[] Languages = ["kql", "esql", "spl"];

    private static readonly HashSet<string> EsqlKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "from", "where", "stats", "by", "eval", "sort", "desc", "asc", "limit", "keep", "drop", "rename", "as", "and", "or",
        "not", "in", "like", "rlike", "is", "null", "true", "false", "nulls", "first", "last", "metadata", "mv_expand",
    };

    private static readonly HashSet<string> SplKeywords = new(StringComparer.OrdinalIgnoreCase) { "by", "as", "over", "and", "or", "not", "in" };

    public static IReadOnlyList<DocQuery> In(string file)
    {
        string[] lines = File.ReadAllLines(AssetJson.RepositoryFile("docs", file));
        var queries = new List<DocQuery>();
        for (int i = 0; i < lines.Length; i++)
        {
            string fence = lines[i].Trim();
            if (!fence.StartsWith("```", StringComparison.Ordinal) || fence.Length == 3)
            {
                continue;
            }

            string language = fence[3..].Trim();
            int start = i + 1;
            int end = Array.FindIndex(lines, start, l => l.Trim() == "```");
            Assert.True(end > 0, $"{file}:{i + 1}: unclosed code block");
            if (Languages.Contains(language))
            {
                queries.Add(new DocQuery(file, start, language, string.Join('\n', lines[start..end])));
            }

            i = end;
        }

        return queries;
    }

    /// <summary>Fields a KQL query compares: <c>field : value</c> and <c>field &gt;= n</c>.</summary>
    public static IEnumerable<string> KqlFields(string query) =>
        KqlField().Matches(QuotedString().Replace(query, "\"\"")).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>Fields an ES|QL query reads (the FROM command's index patterns and the query's own aliases excluded).</summary>
    public static IEnumerable<string> EsqlFields(string query)
    {
        string text = EsqlTimeSpan().Replace(QuotedString().Replace(query, "\"\""), " ");
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<string>();
        foreach (string segment in text.Split('|').Select(s => s.Trim()))
        {
            if (segment.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string rest = Assignment().Replace(segment, m =>
            {
                aliases.Add(m.Groups[1].Value);
                return " ";
            });
            rest = AsAlias().Replace(rest, m =>
            {
                aliases.Add(m.Groups[1].Value);
                return " ";
            });
            candidates.AddRange(Identifiers(rest, EsqlIdentifier(), EsqlKeywords));
        }

        return candidates.Where(c => !aliases.Contains(c)).Distinct();
    }

    /// <summary>Fields an SPL search reads (search-time filters, command arguments, eval expressions), without its aliases.</summary>
    public static IEnumerable<string> SplFields(string query)
    {
        string text = QuotedString().Replace(Backticked().Replace(query, " "), "\"\"").Replace('[', '|').Replace(']', ' ');
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<string>();
        string[] segments = text.Split('|');
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i].Trim();
            string command = i == 0 ? "search" : FirstWord(segment);
            string body = i == 0 || command != FirstWord(segment) ? segment : segment[command.Length..];
            if (command == "search" && body.TrimStart().StartsWith("search ", StringComparison.Ordinal))
            {
                body = body.TrimStart()["search".Length..];
            }

            body = AsAlias().Replace(body, m =>
            {
                aliases.Add(m.Groups[1].Value);
                return " ";
            });
            switch (command)
            {
                case "search":
                    // field=value filters: the value is a literal.
                    body = SearchFilter().Replace(body, m =>
                    {
                        candidates.Add(m.Groups[1].Value);
                        return " ";
                    });
                    break;
                case "eval":
                    body = Assignment().Replace(body, m =>
                    {
                        aliases.Add(m.Groups[1].Value);
                        return " ";
                    });
                    break;
                case "where":
                    break;
                default:
                    // command options such as span=2m, limit=20
                    body = CommandOption().Replace(body, " ");
                    break;
            }

            candidates.AddRange(Identifiers(body, SplIdentifier(), SplKeywords));
        }

        return candidates.Select(c => c.Replace("{}", "", StringComparison.Ordinal)).Where(c => !aliases.Contains(c)).Distinct();
    }

    private static string FirstWord(string segment)
    {
        int space = segment.IndexOfAny([' ', '\n']);
        return space < 0 ? segment : segment[..space];
    }

    private static IEnumerable<string> Identifiers(string text, Regex identifier, HashSet<string> keywords) =>
        identifier.Matches(text)
            .Where(m => !FollowedByParenthesis(text, m.Index + m.Length))
            .Select(m => m.Value)
            .Where(v => !keywords.Contains(v) && !char.IsAsciiDigit(v[0]));

    private static bool FollowedByParenthesis(string text, int at)
    {
        while (at < text.Length && text[at] == ' ')
        {
            at++;
        }

        return at < text.Length && text[at] == '(';
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"([A-Za-z_@][\w.@]*)\s*(?::|<=|>=|<|>)")]
    private static partial Regex KqlField();

    [GeneratedRegex(@"\b\d+\s+(?:milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EsqlTimeSpan();

    [GeneratedRegex(@"(?<![\w.@=!<>])([A-Za-z_@][\w.@{}]*)\s*=(?!=)")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b(?:AS|as)\s+([A-Za-z_][\w.]*)")]
    private static partial Regex AsAlias();

    [GeneratedRegex(@"(?<![\w.])([A-Za-z_][\w.{}]*)\s*(?:!=|<=|>=|=|<|>)\s*(?:""""|[^\s()]+)")]
    private static partial Regex SearchFilter();

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_]+=\S+")]
    private static partial Regex CommandOption();

    [GeneratedRegex(@"(?<![\w.@])[A-Za-z_@][\w.@]*")]
    private static partial Regex EsqlIdentifier();

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_][\w.{}]*")]
    private static partial Regex SplIdentifier();
}

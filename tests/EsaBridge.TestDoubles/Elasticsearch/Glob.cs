namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Elasticsearch's simple wildcard patterns: <c>*</c> matches any run of characters, everything else itself.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string text) => Overlap(pattern, text, 0, 0, new Dictionary<(int, int), bool>());

    /// <summary>True when some name matches both patterns (the automaton intersection Elasticsearch checks).</summary>
    public static bool Overlaps(string a, string b) => Overlap(a, b, 0, 0, new Dictionary<(int, int), bool>());

    /// <summary>Comma-separated names or patterns (<c>a,b*</c>; <c>*</c>, <c>_all</c> or nothing selects all) applied to names.</summary>
    public static IEnumerable<string> Select(string? expression, IEnumerable<string> names)
    {
        string[] patterns = string.IsNullOrEmpty(expression) || expression == "_all" ? ["*"] : expression.Split(',');
        return names.Where(name => patterns.Any(p => Matches(p, name)));
    }

    public static bool IsPattern(string? expression) =>
        string.IsNullOrEmpty(expression) || expression == "_all" || expression.Contains('*', StringComparison.Ordinal) || expression.Contains(',', StringComparison.Ordinal);

    private static bool Overlap(string a, string b, int i, int j, Dictionary<(int, int), bool> memo)
    {
        if (memo.TryGetValue((i, j), out bool known))
        {
            return known;
        }

        bool result;
        if (i == a.Length && j == b.Length)
        {
            result = true;
        }
        else if (i < a.Length && a[i] == '*')
        {
            result = Overlap(a, b, i + 1, j, memo) || (j < b.Length && Overlap(a, b, i, j + 1, memo));
        }
        else if (j < b.Length && b[j] == '*')
        {
            result = Overlap(a, b, i, j + 1, memo) || (i < a.Length && Overlap(a, b, i + 1, j, memo));
        }
        else
        {
            result = i < a.Length && j < b.Length && a[i] == b[j] && Overlap(a, b, i + 1, j + 1, memo);
        }

        memo[(i, j)] = result;
        return result;
    }
}

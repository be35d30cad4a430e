using System.Text.RegularExpressions;
using EsaBridge.Tests.Deploy;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// docs/finding-aborts.md's ES|QL blocks: each says the Elasticsearch version it needs (ES|QL is generally available
/// from 8.14, a technical preview from 8.11 to 8.13), and none casts a field to the type the index template already
/// gives it. ES|QL's division: "Division of two integer types will yield an integer result, rounding towards 0", so
/// <c>FLOOR(long / n)</c> is a cast too.
/// </summary>
public partial class FindingAbortsEsqlTests
{
    private static readonly Dictionary<string, string[]> CastTargets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TO_IP"] = ["ip"],
        ["TO_LONG"] = ["long"],
        ["TO_INTEGER"] = ["integer"],
        ["TO_BOOLEAN"] = ["boolean"],
        ["TO_STRING"] = ["keyword"],
        ["TO_DATETIME"] = ["date"],
        ["TO_DOUBLE"] = ["double"],
    };

    public static TheoryData<int> EsqlBlocks() => [.. DocQueries.In("finding-aborts.md").Where(q => q.Language == "esql").Select(q => q.Line)];

    [Theory]
    [MemberData(nameof(EsqlBlocks))]
    public void EachEsqlBlockSaysTheVersionItNeeds(int line)
    {
        string[] lines = File.ReadAllLines(AssetJson.RepositoryFile("docs", "finding-aborts.md"));
        string before = lines.Take(line - 1).Reverse().SkipWhile(string.IsNullOrWhiteSpace).First();

        Assert.Contains("8.14", before, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EsqlBlocks))]
    public void NoEsqlBlockCastsAFieldToTheTypeItAlreadyHas(int line)
    {
        var query = DocQueries.In("finding-aborts.md").Single(q => q.Line == line);
        var problems = RedundantCasts(query.Text);

        Assert.True(problems.Count == 0, $"finding-aborts.md:{line}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void TheCastCheckCatchesWhatItLooksFor()
    {
        Assert.Equal(
            ["TO_IP(source.ip)", "FLOOR(cisco.esa.abort.idle_seconds / 10)", "cisco.esa.abort.near_timeout == true"],
            RedundantCasts("FROM x | WHERE TO_IP(source.ip) == \"1.2.3.4\" AND cisco.esa.abort.near_timeout == true | EVAL b = FLOOR(cisco.esa.abort.idle_seconds / 10) * 10"));
        Assert.Empty(RedundantCasts("FROM x | EVAL d = TO_DOUBLE(cisco.esa.abort.idle_seconds) / 10 | WHERE source.ip == TO_IP(\"1.2.3.4\")"));
    }

    private static List<string> RedundantCasts(string esql)
    {
        var problems = new List<string>();
        foreach (Match cast in Cast().Matches(esql))
        {
            if (AssetJson.MappedFields.TryGetValue(cast.Groups[2].Value, out var field) && CastTargets.TryGetValue(cast.Groups[1].Value, out var types) && types.Contains(field.Type))
            {
                problems.Add(cast.Value);
            }
        }

        foreach (Match floor in FloorOfDivision().Matches(esql))
        {
            if (AssetJson.MappedFields.TryGetValue(floor.Groups[1].Value, out var field) && field.Type is "long" or "integer")
            {
                problems.Add(floor.Value);
            }
        }

        problems.AddRange(BooleanComparison().Matches(esql).Where(m => AssetJson.MappedFields.TryGetValue(m.Groups[1].Value, out var f) && f.Type == "boolean").Select(m => m.Value));
        return problems;
    }

    [GeneratedRegex(@"\b(TO_\w+)\(([\w.@]+)\)")]
    private static partial Regex Cast();

    [GeneratedRegex(@"FLOOR\(([\w.]+) / \d+\)")]
    private static partial Regex FloorOfDivision();

    [GeneratedRegex(@"([\w.]+) == true\b")]
    private static partial Regex BooleanComparison();
}

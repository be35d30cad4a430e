namespace EsaBridge.Reporting;

/// <summary>
/// Reduces a reverse-DNS host to roughly the domain its owner registered, so that the many hosts of one sender
/// add up: the last two labels, or the last three under a country code's generic second level (co.uk, com.au).
/// Not the Public Suffix List: good enough to group a report, not to make decisions.
/// </summary>
internal static class RegisteredDomain
{
    private static readonly HashSet<string> GenericSecondLevels = new(StringComparer.Ordinal)
    {
        "ac", "co", "com", "edu", "gob", "go", "gov", "gv", "or", "org", "ne", "net", "mil", "ltd", "plc", "nhs",
        "sch", "nom", "biz", "info", "int", "ad", "ed", "gr", "lg",
    };

    public static string? Of(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        string name = host.Trim().TrimEnd('.').ToLowerInvariant();
        string[] labels = name.Split('.');
        if (labels.Length <= 2 || labels.Any(l => l.Length == 0) || labels.All(IsNumeric))
        {
            return name;
        }

        bool countryCode = labels[^1].Length == 2;
        int keep = countryCode && GenericSecondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^keep..]);
    }

    private static bool IsNumeric(string label) => label.All(char.IsAsciiDigit);
}

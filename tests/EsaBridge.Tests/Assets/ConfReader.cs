namespace EsaBridge.Tests.Assets;

/// <summary>
/// A deliberately strict reader for the app's <c>.conf</c> files, written apart from the product's own: comments
/// start a line with <c>#</c>, <c>[stanza]</c> headers, <c>key = value</c>; a stanza or a key given twice, a line
/// that is neither, or a continuation backslash (the app uses none) is an error, not a silent overwrite.
/// </summary>
internal static class ConfReader
{
    public static Dictionary<string, Dictionary<string, string>> Read(string text)
    {
        var stanzas = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                string name = line[1..^1];
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                if (!stanzas.TryAdd(name, current))
                {
                    throw new FormatException($"line {number}: stanza [{name}] given twice");
                }

                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals <= 0 || line.EndsWith('\\'))
            {
                throw new FormatException($"line {number}: '{line}' is not key = value inside a stanza");
            }

            string key = line[..equals].Trim();
            if (!current.TryAdd(key, line[(equals + 1)..].Trim()))
            {
                throw new FormatException($"line {number}: '{key}' given twice in its stanza");
            }
        }

        return stanzas;
    }
}

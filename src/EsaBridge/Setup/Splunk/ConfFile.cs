namespace EsaBridge.Setup.Splunk;

/// <summary>One stanza of a Splunk <c>.conf</c> file: its name and its settings in file order.</summary>
internal sealed record ConfStanza(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings);

/// <summary>Reads Splunk <c>.conf</c> text the way splunkd does for the files this app ships: <c>[stanza]</c> headers,
/// <c>key = value</c> with spaces trimmed around both, a trailing backslash continuing the value on the next line,
/// <c>#</c> comments only at the start of a line, and settings before the first header in <c>[default]</c>.</summary>
internal static class ConfFile
{
    public static IReadOnlyList<ConfStanza> Parse(string text)
    {
        var stanzas = new List<ConfStanza>();
        string name = "default";
        var settings = new List<KeyValuePair<string, string>>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                Close(stanzas, name, settings);
                name = line[1..^1];
                settings = [];
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"line {i + 1}: '{line}' is neither a [stanza] nor key = value");
            }

            string value = line[(equals + 1)..].Trim();
            while (value.EndsWith('\\') && i + 1 < lines.Length)
            {
                value = value[..^1] + "\n" + lines[++i].Trim();
            }

            settings.Add(KeyValuePair.Create(line[..equals].Trim(), value));
        }

        Close(stanzas, name, settings);
        return stanzas;
    }

    private static void Close(List<ConfStanza> stanzas, string name, List<KeyValuePair<string, string>> settings)
    {
        if (settings.Count > 0 || name != "default")
        {
            stanzas.Add(new ConfStanza(name, settings));
        }
    }
}

using System.Text;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// Splits one shell command line into words the way sh does for the simple lines a compose script holds: blanks
/// separate, single quotes are literal, double quotes and backslashes escape. Anything that would need a real shell
/// (expansions, pipes, lists, redirections) is refused, so a test never runs a command other than the one written.
/// </summary>
public static class ShellWords
{
    public static string[] Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"unclosed single quote in: {line}");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        Refuse(line, line[i]);
                        if (line[i] == '\\' && i + 1 < line.Length)
                        {
                            i++;
                        }

                        word.Append(line[i]);
                    }

                    if (i >= line.Length)
                    {
                        throw new FormatException($"unclosed double quote in: {line}");
                    }

                    inWord = true;
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                default:
                    Refuse(line, c);
                    if (c is ';' or '|' or '&' or '<' or '>' or '*' or '?' or '(' or ')')
                    {
                        throw new FormatException($"'{c}' needs a real shell, not supported here: {line}");
                    }

                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static void Refuse(string line, char c)
    {
        if (c is '$' or '`')
        {
            throw new FormatException($"'{c}' (an expansion) is not supported here: {line}");
        }
    }
}

namespace EsaBridge.Inputs.Tailing;

/// <summary>A glob split into its directory and its file-name pattern; wildcards are allowed in the file name only.</summary>
internal sealed class TailGlob
{
    private TailGlob(string directory, string pattern)
    {
        Directory = directory;
        Pattern = pattern;
    }

    public string Directory { get; }

    public string Pattern { get; }

    /// <exception cref="FormatException">With a message a user can act on.</exception>
    public static TailGlob Parse(string glob)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            throw new FormatException("the input pattern is empty (use a path such as /var/log/esa/mail.*)");
        }

        string full;
        try
        {
            full = Path.GetFullPath(glob);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new FormatException($"'{glob}' is not a usable path: {e.Message}");
        }

        string pattern = Path.GetFileName(full);
        string? directory = Path.GetDirectoryName(full);
        if (pattern.Length == 0 || directory is null)
        {
            throw new FormatException($"'{glob}' names a directory; add a file-name pattern such as {Path.Combine(glob, "mail.*")}");
        }

        if (directory.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            throw new FormatException($"'{glob}': wildcards are only allowed in the file name, not in the directory");
        }

        return new TailGlob(directory, pattern);
    }

    public bool Matches(ReadOnlySpan<char> fileName) => WildcardMatches(Pattern, fileName);

    /// <summary>The files in the directory whose name matches, listed as the directory is read.</summary>
    /// <exception cref="IOException">The directory cannot be listed (<see cref="DirectoryNotFoundException"/> when it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be listed.</exception>
    public IEnumerable<string> MatchingPaths()
    {
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (Matches(Path.GetFileName(path.AsSpan())))
            {
                yield return path;
            }
        }
    }

    /// <summary>Ordinal match of <c>*</c> (any run) and <c>?</c> (one character), backtracking to the last star only.</summary>
    internal static bool WildcardMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0;
        int n = 0;
        int star = -1;
        int starName = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starName = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++starName;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

using System.Formats.Tar;
using System.IO.Compression;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Setup.Splunk;

/// <summary>Writes the shipped Splunk app as an installable package (<c>.tar.gz</c>, the same bytes as <c>.spl</c>):
/// the app folder at the top of the archive, folders 0755 and files 0644 owned by uid/gid 0, and one fixed modification
/// time, so the same binary always writes the same archive.</summary>
internal static class SplunkAppArchive
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly DateTimeOffset FixedTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(Stream destination, string appName, IReadOnlyList<ShippedFile> files)
    {
        using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            string path = $"{appName}/{file.Path}";
            foreach (string folder in FoldersOf(path).Where(written.Add))
            {
                tar.WriteEntry(Entry(TarEntryType.Directory, folder, FolderMode));
            }

            var entry = Entry(TarEntryType.RegularFile, path, FileMode);
            entry.DataStream = new MemoryStream(file.Content, writable: false);
            tar.WriteEntry(entry);
        }
    }

    /// <summary>The folders above a path, outermost first, each with a trailing slash: <c>a/</c>, <c>a/b/</c>.</summary>
    private static IEnumerable<string> FoldersOf(string path)
    {
        for (int slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..(slash + 1)];
        }
    }

    private static UstarTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        Mode = mode,
        ModificationTime = FixedTime,
        Uid = 0,
        Gid = 0,
        UserName = "root",
        GroupName = "root",
    };
}

namespace EsaBridge.StateFiles;

/// <summary>Replaces a file all at once: write a temporary file beside it (0600), flush it to disk, rename it over the
/// old one, then flush the directory, which is where the rename lives. A crash leaves either the old content or the
/// new, never a mix; once this returns, the new content survives a power loss.</summary>
internal static class AtomicFile
{
    /// <param name="syncDirectory">Flushes the directory after the rename (<see cref="DirectorySync.Sync"/>).</param>
    public static void Write(string path, ReadOnlySpan<byte> content, Action<string> syncDirectory)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary); // on a full disk, give back the room the half-written copy took
            throw;
        }

        syncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static byte[]? Read(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}

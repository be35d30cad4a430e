namespace EsaBridge.Delivery;

/// <summary>
/// Replaces a file all at once: write a temporary file beside it, flush it to disk, rename it over the old one.
/// A crash leaves either the old content or the new, never a mix.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
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
    }

    /// <returns>The file's bytes, or null when it does not exist.</returns>
    public static byte[]? Read(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}

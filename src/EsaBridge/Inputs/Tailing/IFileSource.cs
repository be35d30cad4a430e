namespace EsaBridge.Inputs.Tailing;

/// <summary>The open content of a tailed file: plain bytes by position, or a .gz decompressed front to back.</summary>
internal interface IFileSource : IDisposable
{
    /// <summary>Current size (plain), or null when unknown until the end is read (.gz).</summary>
    long? Length { get; }

    DateTime LastWriteUtc { get; }

    /// <summary>Reads from <paramref name="position"/>. A .gz source only goes forward: the position must not be
    /// before the last read's position nor beyond the end of what was read so far.</summary>
    int Read(long position, Span<byte> destination);
}

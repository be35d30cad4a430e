namespace EsaBridge.Inputs.Tailing;

/// <summary>Receives what <see cref="FileTailer.Poll"/> read, on the caller's thread, in file order.</summary>
internal interface ITailSink
{
    /// <param name="lines">One or more complete lines, each ending in <c>\n</c> and at most the line limit long.
    /// Valid only during the call.</param>
    void Lines(TailedFileInfo file, ReadOnlySpan<byte> lines);

    /// <summary>A line longer than the limit, skipped to its end (between the lines before and after it).</summary>
    void Oversized(TailedFileInfo file);

    /// <summary>A file or directory that cannot be read (reported once per cause), or a damaged .gz.</summary>
    void Problem(string path, string message);
}

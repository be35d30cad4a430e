namespace EsaBridge.Cli;

/// <summary>How a batch command feeds its inputs, in order, to the pipeline.</summary>
internal interface IBatchReader : IDisposable
{
    /// <summary>Names the appliance and file of the lines read next.</summary>
    void SetSource(string? appliance, string? logPath);

    /// <param name="chunkRead">Called after each read from the stream (progress reporting).</param>
    void Read(Stream stream, Action? chunkRead);

    /// <summary>Returns once every line read has gone through the sessionizer.</summary>
    void Finish();
}

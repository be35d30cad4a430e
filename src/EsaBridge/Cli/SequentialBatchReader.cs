using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>Reads, parses and sessionizes on the calling thread (records are emitted on it).</summary>
internal sealed class SequentialBatchReader(LogPipeline pipeline, int maxLineBytes) : IBatchReader
{
    private readonly LineReader _reader = new(maxLineBytes);

    public void SetSource(string? appliance, string? logPath) => pipeline.SetSource(appliance, logPath);

    public void Read(Stream stream, Action? chunkRead) => _reader.Read(stream, pipeline, chunkRead);

    public void Finish()
    {
    }

    public void Dispose()
    {
    }
}

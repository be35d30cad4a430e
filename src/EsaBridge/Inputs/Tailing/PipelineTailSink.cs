using EsaBridge.Core.Sessions;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Feeds tailed lines to a pipeline, switching its source (appliance, path) when the file changes.</summary>
internal sealed class PipelineTailSink(LogPipeline pipeline, Action<string, string> problem) : ITailSink
{
    private TailedFileInfo? _file;
    private string? _path;

    public void Lines(TailedFileInfo file, ReadOnlySpan<byte> lines)
    {
        Select(file);
        TailLines.Feed(pipeline, lines);
    }

    public void Oversized(TailedFileInfo file)
    {
        Select(file);
        pipeline.FeedOversized();
    }

    public void Problem(string path, string message) => problem(path, message);

    private void Select(TailedFileInfo file)
    {
        if (!ReferenceEquals(file, _file) || !ReferenceEquals(file.Path, _path))
        {
            _file = file;
            _path = file.Path;
            pipeline.SetSource(file.Host, file.Path);
        }
    }
}

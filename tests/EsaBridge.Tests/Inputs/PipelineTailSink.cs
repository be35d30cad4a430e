using EsaBridge.Core.Sessions;
using EsaBridge.Inputs.Tailing;

namespace EsaBridge.Tests.Inputs;

/// <summary>Feeds tailed lines to the one-thread test pipeline, switching its source (appliance, path) when the file changes.</summary>
internal sealed class PipelineTailSink(LogPipeline pipeline, Action<string, string> problem) : ITailSink
{
    private TailedFileInfo? _file;
    private string? _path;

    public void Lines(TailedFileInfo file, ReadOnlySpan<byte> lines)
    {
        Select(file);
        while (!lines.IsEmpty)
        {
            int newline = lines.IndexOf((byte)'\n');
            pipeline.Feed(lines[..newline]);
            lines = lines[(newline + 1)..];
        }
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

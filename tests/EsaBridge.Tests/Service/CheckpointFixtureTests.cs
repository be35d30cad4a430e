using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Service;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Service;

/// <summary>
/// A checkpoint written by the version-1 sessionizer state (before the session journal): `esabridge run` stopped with
/// SIGTERM after the first 200 lines of samples/esa-mail.log. A newer build must go on from it as if it had never stopped.
/// </summary>
public sealed class CheckpointFixtureTests
{
    private const string FixtureLog = "/tmp/fx200/logs/mail.current";
    private const int LinesBefore = 200;

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Service", "Fixtures", "checkpoint-v1-esa-mail-200");

    [Fact]
    public void A_version_1_checkpoint_restores_its_open_sessions_and_the_rest_of_the_log_gives_the_documents_of_one_uninterrupted_run()
    {
        byte[][] lines = [.. PipelineRun.SampleLines("esa-mail.log").Select(Encoding.UTF8.GetBytes)];
        var uninterrupted = new List<string>();
        var whole = NewPipeline(uninterrupted);
        foreach (var line in lines)
        {
            whole.Feed(line);
        }

        whole.FlushIncomplete();
        var before = new List<string>();
        var head = NewPipeline(before);
        foreach (var line in lines.Take(LinesBefore))
        {
            head.Feed(line);
        }

        var checkpoint = Checkpoint.Load(Fixture);
        Assert.NotNull(checkpoint);
        var resumed = new List<string>();
        var pipeline = NewPipeline(resumed);
        CheckpointSessions.Restore(checkpoint, pipeline.Sessions, Path.GetDirectoryName(Fixture)!);

        Assert.Equal(head.Sessions.OpenMessages, pipeline.Sessions.OpenMessages);
        Assert.Equal(head.Sessions.OpenConnections, pipeline.Sessions.OpenConnections);
        Assert.True(pipeline.Sessions.OpenMessages > 0);
        foreach (var line in lines.Skip(LinesBefore))
        {
            pipeline.Feed(line);
        }

        pipeline.FlushIncomplete();
        Assert.Equal(uninterrupted.Skip(before.Count), resumed);
    }

    private static LogPipeline NewPipeline(List<string> documents)
    {
        var pipeline = new LogPipeline(new ParserOptions(), new SessionizerOptions(), r => documents.Add(EcsJson.ToJson(r)));
        pipeline.SetSource("esa1.example.com", FixtureLog);
        return pipeline;
    }
}

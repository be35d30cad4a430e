using System.Text;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Cli;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Service;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Service;

/// <summary>
/// A spool record damaged on disk (a bad sector, a stray write) in a segment no output has delivered yet: the restart
/// reads the inputs again from the checkpoint every output acknowledged, finds the damage while it reads the spool's
/// ids, cuts the spool there and makes what followed again from the log, so nothing is lost.
/// </summary>
public sealed class DamagedSpoolTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-damaged-").FullName;
    private ElasticsearchDouble _es = null!;

    private string Log => Path.Combine(_root, "logs", "mail.current");

    private string State => Path.Combine(_root, "state");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        _es = await ElasticsearchDouble.StartAsync();
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_damaged_record_in_an_undelivered_segment_is_cut_at_the_restart_and_what_followed_is_made_again()
    {
        var buffer = new MemoryStream();
        LogGenerator.Generate(buffer, new GeneratorOptions { TargetBytes = 300 << 10, Seed = 5 });
        File.WriteAllBytes(Log, buffer.ToArray());
        int expected = ExpectedDocuments(buffer.ToArray());
        await _es.GoDownAsync();

        await using (var first = InProcessService.Start(Settings()))
        {
            await first.UntilAsync(() => Checkpoint.Load(Checkpoint.SpooledPath(State))?.SpoolPosition > 4 * SegmentBytes);
            Assert.Equal(0, await first.StopAsync());
        }

        // A byte flipped in the second of several segments, while the service is stopped (a bad sector).
        string[] segments = [.. Directory.GetFiles(Path.Combine(State, "spool"), "*.spool").Order()];
        byte[] bytes = File.ReadAllBytes(segments[1]);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(segments[1], bytes);
        await _es.ComeBackAsync();

        await using (var second = InProcessService.Start(Settings()))
        {
            await second.UntilAsync(() => _es.DocumentCount(Stream) >= expected);
            Assert.Equal(0, await second.StopAsync());
            Assert.Contains("the spool is damaged at position", second.Log, StringComparison.Ordinal);
        }

        Assert.Equal(expected, _es.DocumentCount(Stream));
    }

    private const int SegmentBytes = 16 << 10;

    private RunSettings Settings() =>
        RunCommand.ReadSettings(
            ["--input", Log, "--host", "esa1", "--state-dir", State, "--es-url", _es.Url.ToString(),
             "--poll-interval", "50ms", "--status-interval", "1h"],
            () => new DateOnly(2026, 11, 28),
            _ => null) with
        { SpoolSegmentBytes = SegmentBytes };

    private static int ExpectedDocuments(byte[] log)
    {
        int documents = 0;
        var pipeline = new LogPipeline(new ParserOptions { ReferenceDate = new DateOnly(2026, 11, 28) }, new SessionizerOptions(), _ => documents++);
        pipeline.SetSource("esa1", "/any/path");
        foreach (string line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            pipeline.Feed(Encoding.UTF8.GetBytes(line));
        }

        Assert.True(documents > 50, "the generated log should make enough documents to fill several segments");
        return documents;
    }
}

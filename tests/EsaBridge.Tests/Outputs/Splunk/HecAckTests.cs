using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary><c>--hec-ack</c>: one channel per sender, a batch delivered only once its ack is true, resent after an ack timeout.</summary>
public sealed class HecAckTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-hec-ack-").FullName;
    private HecDouble _hec = null!;
    private HecShip _ship = null!;

    public async Task InitializeAsync()
    {
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecShip.Token, AckEnabled = true });
        _ship = new HecShip(_hec, _dir);
    }

    public async Task DisposeAsync()
    {
        await _hec.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void EveryPostCarriesTheSendersChannelAndEveryBatchIsAcknowledged()
    {
        var run = _ship.Run("--hec-ack", "--hec-batch-bytes", "8KB");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        var channels = _hec.Requests.Where(r => r.PathAndQuery != "/services/collector/health")
            .Select(r => r.Headers["X-Splunk-Request-Channel"]).Distinct().ToList();
        string channel = Assert.Single(channels);
        Assert.True(Guid.TryParse(channel, out _));
        int posts = _ship.EventPosts().Count;
        Assert.True(posts >= 5);
        Assert.Contains(_hec.Requests, r => r.PathAndQuery == "/services/collector/ack");
        Assert.Contains($"indexer acknowledgement on channel {channel}: {posts} ackIds", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("0 timed out", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AcksThatStayFalseForAWhileAreWaitedFor()
    {
        _hec.Faults.DelayAcks(polls: 3);

        var run = _ship.Run("--hec-ack", "--hec-ack-timeout", "30s");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.Single(_ship.EventPosts());
        Assert.True(_hec.Requests.Count(r => r.PathAndQuery == "/services/collector/ack") >= 4);
    }

    [Fact]
    public void ABatchWhoseAckNeverComesIsResent()
    {
        _hec.Faults.LoseNext();

        var run = _ship.Run("--hec-ack", "--hec-ack-timeout", "1s");

        Assert.True(run.ExitCode == 0, run.Stderr);
        _ship.AssertEachDocumentOnce();
        Assert.Equal(2, _ship.EventPosts().Count);
        Assert.Contains("ackId 0 on channel", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not acknowledged within 00:00:01; 35 events again", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("35 retried", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterAnInvalidEventTheEventsBeforeItAreSentAgainBecauseNoAckProvesThemIndexed()
    {
        _hec.Faults.RejectEvents(e => e["event"]!["internal_message_id"]!.GetValue<long>() == 1412 ? HecCode.InvalidDataFormat : null);

        var run = _ship.Run("--hec-ack");

        Assert.Equal(1, run.ExitCode);
        var letter = Assert.Single(_ship.DeadLetterLines());
        Assert.Equal(1412, letter.GetProperty("document").GetProperty("cisco").GetProperty("esa").GetProperty("mid").GetInt64());
        Assert.Contains("events before it sent again (no ack proves them indexed)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("34 created", run.Stderr, StringComparison.Ordinal);

        // Every other event is indexed, and acknowledged, at least once; those before the invalid one twice.
        var ids = _ship.IndexedIds();
        Assert.Equal(34, ids.Distinct().Count());
        Assert.True(ids.Count > 34, "the events before the invalid one were sent again");
        Assert.Equal(2, _ship.EventPosts().Count);
    }

    [Fact]
    public void WithoutHecAckATokenThatRequiresItIsRefusedWithAHint()
    {
        var run = _ship.Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HTTP 400 Data channel is missing (code 10): this token has indexer acknowledgement on; add --hec-ack", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _hec.EventCount);
    }

    [Fact]
    public void HecAckAgainstATokenWithoutAcknowledgementStops()
    {
        _hec.Options.AckEnabled = false;

        var run = _ship.Run("--hec-ack");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("without an ackId: indexer acknowledgement is off for this token", run.Stderr, StringComparison.Ordinal);
    }
}

using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>Past --max-open-messages / --max-open-connections, the least recently seen leave (messages as incomplete documents), counted.</summary>
public sealed class OpenLimitTests
{
    private static string At(int second) => $"Thu Aug 14 11:{second / 60:00}:{second % 60:00} 2014 Info:";

    [Fact]
    public void Past_the_message_limit_the_least_recently_seen_messages_leave_as_incomplete_documents_and_are_counted()
    {
        var run = new PipelineRun(new SessionizerOptions { MaxOpenMessages = 100 });
        run.Feed(Enumerable.Range(1, 100).Select(mid => $"{At(mid)} Start MID {mid} ICID {mid}"));
        run.Feed([$"{At(101)} MID 1 ICID 1 From: <a@partner.example>"]); // MID 1 is seen again: no longer the oldest
        Assert.Empty(run.Records);

        run.Feed(Enumerable.Range(101, 50).Select(mid => $"{At(mid + 1)} Start MID {mid} ICID {mid}"));

        // A sixteenth (6) leaves each time a new message would pass 100: at MIDs 101, 107, ..., 149.
        Assert.Equal(96, run.Pipeline.Sessionizer.OpenMessages);
        Assert.Equal(54, run.Counters.EvictedMessages);
        Assert.Equal(Enumerable.Range(2, 54).Select(mid => (long)mid), run.Records.Select(r => r.Mid));
        Assert.All(run.Records, r => Assert.Equal(MessageOutcome.Incomplete, r.Outcome));
        Assert.All(run.Records, r => Assert.Equal(AbortClass.Unknown, r.AbortClass));
        Assert.Equal(54, run.Counters.DocumentsOf(AbortClass.Unknown));

        // The message seen again stayed open, and finishes as usual.
        run.Feed([$"{At(200)} Message finished MID 1 done"]);
        Assert.Equal(1, run.Records[^1].Mid);
        Assert.Equal(MessageOutcome.Done, run.Records[^1].Outcome);
    }

    [Fact]
    public void A_message_evicted_by_the_limit_and_then_logged_again_starts_a_new_document()
    {
        var run = new PipelineRun(new SessionizerOptions { MaxOpenMessages = 2 });
        run.Feed([
            $"{At(1)} Start MID 1 ICID 1",
            $"{At(2)} MID 1 ICID 1 From: <first@partner.example>",
            $"{At(2)} MID 1 Subject 'first'",
            $"{At(3)} Start MID 2 ICID 2",
            $"{At(4)} Start MID 3 ICID 3",
        ]);
        var evicted = Assert.Single(run.Records);
        Assert.Equal((1L, MessageOutcome.Incomplete, "first@partner.example", "first"), (evicted.Mid, evicted.Outcome, evicted.From, evicted.Subject));

        run.Feed([
            $"{At(5)} MID 1 ICID 1 RID 0 To: <again@example.com>",
            $"{At(5)} MID 1 ICID 1 RID 1 To: <twice@example.com>",
            $"{At(6)} Message finished MID 1 done",
        ]);

        Assert.Equal([1L, 2L, 1L], run.Records.Select(r => r.Mid));
        var again = run.Records[2];
        Assert.Equal((MessageOutcome.Done, null, null, 1L), (again.Outcome, again.From, again.Subject, again.DurationSeconds));
        Assert.Equal(["again@example.com", "twice@example.com"], again.To);
        Assert.Equal((2, 1), (run.Counters.EvictedMessages, run.Pipeline.Sessionizer.OpenMessages));
    }

    [Fact]
    public void Past_the_connection_limit_the_least_recently_seen_connections_are_forgotten_and_counted()
    {
        var run = new PipelineRun(new SessionizerOptions { MaxOpenConnections = 10 });
        run.Feed(Enumerable.Range(1, 25).Select(icid =>
            $"{At(icid)} New SMTP ICID {icid} interface Data 1 (192.168.0.199) address 192.0.2.{icid} reverse dns host unknown verified no"));

        Assert.Equal(10, run.Pipeline.Sessionizer.OpenConnections);
        Assert.Equal(15, run.Counters.EvictedConnections);
        Assert.Equal(0, run.Counters.EvictedMessages);
    }

    [Fact]
    public void Under_the_limits_nothing_is_evicted()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log"), new SessionizerOptions { MaxOpenMessages = 1000, MaxOpenConnections = 1000 });

        Assert.Equal(0, run.Counters.EvictedMessages);
        Assert.Equal(0, run.Counters.EvictedConnections);
        Assert.Equal(PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log")).Records.Count, run.Records.Count);
    }
}

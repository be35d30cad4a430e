using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Properties;

public sealed class DeterminismTests
{
    private const string Appliance = "esa1.example.com";

    /// <summary>The tech note's three messages, as in the seed.</summary>
    private static readonly string[] SeedLog =
    [
        "Thu Aug 14 11:04:31 2014 Info: New SMTP ICID 10293 interface Management (192.168.0.199) address 192.168.0.200 reverse dns host ns.example.com verified no",
        "Thu Aug 14 11:04:31 2014 Info: ICID 10293 RELAY SG RELAY_SG match 192.168.0.200 SBRS not enabled",
        "Thu Aug 14 11:04:51 2014 Info: Start MID 1404 ICID 10293",
        "Thu Aug 14 11:04:51 2014 Info: MID 1404 ICID 10293 From: <user@domain.com>",
        "Thu Aug 14 11:05:00 2014 Info: MID 1404 ICID 10293 RID 0 To: <end_user@example.com>",
        "Thu Aug 14 11:05:36 2014 Info: ICID 10293 lost",
        "Thu Aug 14 11:05:36 2014 Info: Message aborted MID 1404 Receiving aborted",
        "Thu Aug 14 11:05:36 2014 Info: Message finished MID 1404 aborted",
        "Thu Aug 14 11:05:36 2014 Info: ICID 10293 close",
        "Wed Aug 20 22:20:07 2014 Info: Start MID 1558778 ICID 3875465",
        "Wed Aug 20 22:20:07 2014 Info: MID 1558778 ICID 3875465 From: <sndr@xyz.com>",
        "Wed Aug 20 22:20:07 2014 Info: MID 1558778 ICID 3875465 RID 0 To: <recip@abc.com>",
        "Wed Aug 20 22:25:07 2014 Info: Message aborted MID 1558778 Receiving aborted",
        "Wed Aug 20 22:25:07 2014 Info: Message finished MID 1558778 aborted",
        "Thu Aug 14 13:08:49 2014 Info: New SMTP ICID 10318 interface Management (192.168.0.199) address 192.168.0.200 reverse dns host ns.example.com verified no",
        "Thu Aug 14 13:08:49 2014 Info: ICID 10318 RELAY SG RELAY_SG match 192.168.0.200 SBRs not enabled",
        "Thu Aug 14 13:08:56 2014 Info: Start MID 1412 ICID 10318",
        "Thu Aug 14 13:08:56 2014 Info: MID 1412 ICID 10318 From: <user@domain.com>",
        "Thu Aug 14 13:09:03 2014 Info: MID 1412 ICID 10318 RID 0 To: <end_user@example.com>",
        "Thu Aug 14 13:09:06 2014 Info: Message aborted MID 1412 Receiving aborted by sender",
        "Thu Aug 14 13:09:06 2014 Info: Message finished MID 1412 aborted",
        "Thu Aug 14 13:09:06 2014 Info: ICID 10318 close",
    ];

    [Fact]
    public void The_same_input_through_two_fresh_pipelines_gives_identical_event_ids()
    {
        var input = SeedLog.Select(LogText.Utf8).ToList();

        var first = PipelineRun.Of(input, Appliance);
        var second = PipelineRun.Of(input, Appliance);

        Assert.Equal(first.Records.Select(r => r.EventId), second.Records.Select(r => r.EventId));
        Assert.Equal(first.Json, second.Json);
        Assert.Equal([1404L, 1558778L, 1412L], first.Records.Select(r => r.Mid));
        Assert.Equal(3, first.Records.Select(r => r.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(first.Records, r => Assert.Equal(EventIdentity.For(Appliance, r.Mid, r.StartSeconds), r.EventId));

        // The contract's table of the seed's three messages.
        Assert.Equal(
            [(AbortClass.ConnectionLost, false, 36L, 45L), (AbortClass.Timeout, true, 300L, 300L), (AbortClass.SenderQuit, false, 3L, 10L)],
            first.Records.Select(r => (r.AbortClass, r.NearTimeout, r.IdleSeconds ?? -1, r.DurationSeconds)));
    }
}

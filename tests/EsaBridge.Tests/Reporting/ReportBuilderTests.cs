using EsaBridge.Core.Sessions;
using EsaBridge.Reporting;

namespace EsaBridge.Tests.Reporting;

public class ReportBuilderTests
{
    private static ReportData Build(params SessionRecord[] records)
    {
        var builder = new ReportBuilder(listenerTimeoutSeconds: 300, toleranceSeconds: 5);
        foreach (var r in records)
        {
            builder.Add(r);
        }

        return builder.Build();
    }

    [Fact]
    public void Counts_messages_by_outcome_and_by_class()
    {
        var data = Build(
            Sessions.Done(),
            Sessions.Done(reason: "Dropped by CASE"),
            Sessions.Aborted(AbortClass.ConnectionLost, idle: 36),
            Sessions.Aborted(AbortClass.ConnectionLost, idle: 300, near: true),
            Sessions.Aborted(AbortClass.Timeout, idle: 300, near: true),
            Sessions.Aborted(AbortClass.SenderQuit, idle: 3, reason: "Receiving aborted by sender"),
            Sessions.Aborted(AbortClass.Other, idle: 12, reason: "Injection aborted"),
            Sessions.Incomplete());

        Assert.Equal(8, data.TotalMessages);
        Assert.Equal(2, data.Count(MessageOutcome.Done));
        Assert.Equal(5, data.Count(MessageOutcome.Aborted));
        Assert.Equal(1, data.Count(MessageOutcome.Incomplete));
        Assert.Equal(
            ["none", "connection_lost", "timeout", "sender_quit", "other", "unknown"],
            data.Classes.Select(c => c.Name));
        Assert.Equal([2L, 2, 1, 1, 1, 1], data.Classes.Select(c => c.Count));
        Assert.Equal(1, data.ContentDrops);
    }

    [Fact]
    public void Counts_near_timeout_per_class_and_overall()
    {
        var data = Build(
            Sessions.Aborted(AbortClass.ConnectionLost, idle: 300, near: true),
            Sessions.Aborted(AbortClass.ConnectionLost, idle: 40),
            Sessions.Aborted(AbortClass.Timeout, idle: 298, near: true),
            Sessions.Aborted(AbortClass.Timeout, idle: 305, near: true),
            Sessions.Aborted(AbortClass.SenderQuit, idle: 300));

        Assert.Equal(1, data.Class(AbortClass.ConnectionLost).NearTimeout);
        Assert.Equal(2, data.Class(AbortClass.Timeout).NearTimeout);
        Assert.Equal(0, data.Class(AbortClass.SenderQuit).NearTimeout);
        Assert.Equal(3, data.NearTimeoutTotal);
    }

    [Fact]
    public void Hints_come_from_the_tech_note_for_abort_classes_only()
    {
        var data = Build();

        Assert.Null(data.Class(AbortClass.None).Hint);
        Assert.Null(data.Class(AbortClass.Unknown).Hint);
        Assert.Contains("packet capture", data.Class(AbortClass.ConnectionLost).Hint, StringComparison.Ordinal);
        Assert.Contains("injection debug logs", data.Class(AbortClass.Timeout).Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_first_and_last_timestamp()
    {
        var data = Build(
            Sessions.Done(end: 2_000), Sessions.Aborted(AbortClass.Timeout, end: 1_000), Sessions.Incomplete(end: 1_500));

        Assert.Equal(1_000, data.FirstTimestampSeconds);
        Assert.Equal(2_000, data.LastTimestampSeconds);
    }

    [Fact]
    public void Empty_input_gives_zeros_and_no_timestamps()
    {
        var data = Build();

        Assert.Equal(0, data.TotalMessages);
        Assert.All(data.Outcomes, o => Assert.Equal(0, o.Count));
        Assert.All(data.Classes, c => Assert.Equal(0, c.Count));
        Assert.All(data.IdleHistogram, b => Assert.Equal(0, b.Count));
        Assert.All(data.TopsByClass, t => Assert.Empty(t.Rows));
        Assert.Null(data.FirstTimestampSeconds);
        Assert.Null(data.LastTimestampSeconds);
    }

    [Fact]
    public void Sources_are_most_frequent_first_with_ties_in_value_order_and_the_rest_summed()
    {
        var records = new List<SessionRecord>();
        void Add(string ip, int times) => records.AddRange(
            Enumerable.Range(0, times).Select(_ => Sessions.Aborted(AbortClass.SenderQuit, connection: Sessions.From(ip))));
        Add("192.0.2.9", 1);
        Add("192.0.2.1", 4);
        Add("192.0.2.3", 2);
        Add("192.0.2.2", 2);
        Add("192.0.2.7", 7);
        records.Add(Sessions.Aborted(AbortClass.SenderQuit, connection: null));

        var tops = Build([.. records]).Tops(AbortClass.SenderQuit);

        Assert.Equal(17, tops.Messages);
        Assert.Equal(
            [("192.0.2.7", 7L), ("192.0.2.1", 4), ("192.0.2.2", 2)],
            tops.Rows.Select(r => (r.SourceIp!, r.Count)));
        Assert.Equal(3, tops.OtherSources);
        Assert.Equal(4, tops.OtherMessages);
    }

    [Fact]
    public void A_source_is_the_ip_its_reverse_dns_and_its_sender_group_counted_together()
    {
        var data = Build(
            Sessions.Aborted(AbortClass.ConnectionLost, connection: Sessions.From("192.0.2.201", "201.2.0.192.dyn.example.net", "SUSPECTLIST")),
            Sessions.Aborted(AbortClass.ConnectionLost, connection: Sessions.From("192.0.2.201", "201.2.0.192.dyn.example.net", "SUSPECTLIST")),
            Sessions.Aborted(AbortClass.ConnectionLost, connection: Sessions.From("203.0.113.45", "mx1.example.com", "RELAY_SG")),
            Sessions.Aborted(AbortClass.ConnectionLost, connection: Sessions.From("203.0.113.45", "mx1.example.com", "RELAY_SG")),
            Sessions.Aborted(AbortClass.ConnectionLost, connection: Sessions.From("203.0.113.45", "mx1.example.com", "UNKNOWNLIST")),
            Sessions.Aborted(AbortClass.ConnectionLost, connection: null));

        var rows = data.Tops(AbortClass.ConnectionLost).Rows;

        Assert.Equal(
            [
                new SourceRow("192.0.2.201", "201.2.0.192.dyn.example.net", "SUSPECTLIST", 2),
                new SourceRow("203.0.113.45", "mx1.example.com", "RELAY_SG", 2),
                new SourceRow("203.0.113.45", "mx1.example.com", "UNKNOWNLIST", 1),
            ],
            rows);
        Assert.Equal(1, data.Tops(AbortClass.ConnectionLost).OtherMessages);
    }

    [Fact]
    public void Sources_are_kept_per_abort_class()
    {
        var data = Build(
            Sessions.Aborted(
                AbortClass.ConnectionLost, connection: Sessions.From("192.0.2.1", "mx1.lost.example", "RELAY_SG")),
            Sessions.Aborted(
                AbortClass.Timeout, connection: Sessions.From("198.51.100.5", "mail.slow.example", "SUSPECTLIST")),
            Sessions.Done(connection: Sessions.From("203.0.113.1")));

        Assert.Equal(["connection_lost", "timeout", "sender_quit", "other"], data.TopsByClass.Select(t => t.Name));
        Assert.Equal("192.0.2.1", Assert.Single(data.Tops(AbortClass.ConnectionLost).Rows).SourceIp);
        Assert.Equal(
            new SourceRow("198.51.100.5", "mail.slow.example", "SUSPECTLIST", 1), Assert.Single(data.Tops(AbortClass.Timeout).Rows));
        Assert.Equal(0, data.Tops(AbortClass.SenderQuit).Messages);
        Assert.DoesNotContain(data.TopsByClass, t => t.Rows.Any(r => r.SourceIp == "203.0.113.1"));
    }

    [Fact]
    public void Rejects_a_listener_timeout_that_is_not_positive_or_a_negative_tolerance()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportBuilder(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportBuilder(300, -1));
    }
}

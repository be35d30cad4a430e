using CsCheck;
using EsaBridge.Core.Sessions;
using EsaBridge.Reporting;

namespace EsaBridge.Tests.Reporting;

public class IdleHistogramTests
{
    private static IReadOnlyList<IdleBin> Histogram(long timeout, long tolerance, params long[] idles)
    {
        var builder = new ReportBuilder(timeout, tolerance);
        foreach (long idle in idles)
        {
            builder.Add(Sessions.Aborted(AbortClass.Other, idle));
        }

        return builder.Build().IdleHistogram;
    }

    [Fact]
    public void Default_bins_give_the_listener_timeout_a_narrow_bin_of_its_own()
    {
        var bins = Histogram(300, 5);

        Assert.Equal(
            [
                "0-4 s", "5-29 s", "30-59 s", "60-119 s", "120-239 s", "240-294 s",
                "≈300 s (listener timeout)",
                "306-599 s", "600+ s",
            ],
            bins.Select(b => b.Label));
        var timeout = Assert.Single(bins, b => b.IsListenerTimeout);
        Assert.Equal((295L, (long?)305), (timeout.From, timeout.To));
    }

    [Theory]
    [InlineData(295)]
    [InlineData(298)]
    [InlineData(300)]
    [InlineData(305)]
    public void Idle_near_the_default_timeout_lands_in_the_timeout_bin(long idle) =>
        Assert.Equal(1, Assert.Single(Histogram(300, 5, idle), b => b.IsListenerTimeout).Count);

    [Theory]
    [InlineData(294, "240-294 s")]
    [InlineData(306, "306-599 s")]
    [InlineData(0, "0-4 s")]
    [InlineData(36, "30-59 s")]
    [InlineData(600, "600+ s")]
    [InlineData(86_400, "600+ s")]
    public void Idle_away_from_the_timeout_lands_elsewhere(long idle, string label)
    {
        var bins = Histogram(300, 5, idle);

        Assert.Equal(label, Assert.Single(bins, b => b.Count == 1).Label);
        Assert.Equal(0, Assert.Single(bins, b => b.IsListenerTimeout).Count);
    }

    [Fact]
    public void Bins_follow_a_configured_timeout()
    {
        var bins = Histogram(60, 2);

        Assert.Equal(
            ["0-4 s", "5-29 s", "30-57 s", "≈60 s (listener timeout)", "63-119 s", "120-239 s", "240-599 s", "600+ s"],
            bins.Select(b => b.Label));
    }

    [Fact]
    public void A_timeout_beyond_ten_minutes_still_has_open_bins_after_it()
    {
        var bins = Histogram(1800, 10);

        Assert.Equal(
            ["1200-1789 s", "≈1800 s (listener timeout)", "1811-2399 s", "2400+ s"],
            bins.TakeLast(4).Select(b => b.Label));
    }

    [Fact]
    public void Only_aborted_messages_are_counted()
    {
        var builder = new ReportBuilder(300, 5);
        builder.Add(Sessions.Done());
        builder.Add(Sessions.Incomplete());
        builder.Add(Sessions.Aborted(AbortClass.Timeout, idle: 300, near: true));

        Assert.Equal(1, builder.Build().IdleHistogram.Sum(b => b.Count));
    }

    [Fact]
    public void Bins_cover_every_idle_time_once_and_the_timeout_bin_is_exactly_the_near_timeout_range()
    {
        Gen.Select(Gen.Long[1, 5_000], Gen.Long[0, 120], Gen.Long[0, 20_000]).Sample((timeout, tolerance, idle) =>
        {
            var bins = Histogram(timeout, tolerance, idle);

            Assert.Equal(0, bins[0].From);
            Assert.Null(bins[^1].To);
            for (int i = 1; i < bins.Count; i++)
            {
                Assert.True(bins[i].From <= bins[i].To || bins[i].To is null);
                Assert.Equal(bins[i - 1].To + 1, bins[i].From);
            }

            var timeoutBin = Assert.Single(bins, b => b.IsListenerTimeout);
            Assert.Equal(1, bins.Sum(b => b.Count));
            Assert.Equal(Math.Abs(idle - timeout) <= tolerance, timeoutBin.Count == 1);
        });
    }
}

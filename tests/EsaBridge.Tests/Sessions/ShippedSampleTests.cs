using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>samples/esa-mail.log, the README's quick-start input.</summary>
public class ShippedSampleTests
{
    private readonly PipelineRun _run = PipelineRun.Of(PipelineRun.SampleLines("esa-mail.log"));

    [Fact]
    public void EveryMessageFinishesWithTheExpectedClasses()
    {
        Assert.Equal(0, _run.Counters.Malformed);
        Assert.Equal(0, _run.Pipeline.Sessionizer.OpenMessages);
        Assert.Equal(
            [(AbortClass.None, 19), (AbortClass.ConnectionLost, 6), (AbortClass.Timeout, 5), (AbortClass.SenderQuit, 3), (AbortClass.Other, 2)],
            _run.Records.GroupBy(r => r.AbortClass).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal(_run.Records.Count, _run.Records.Select(r => r.Mid).Distinct().Count());
    }

    [Theory]
    [InlineData(1404, AbortClass.ConnectionLost, false, 36, 45)]
    [InlineData(1558778, AbortClass.Timeout, true, 300, 300)]
    [InlineData(1412, AbortClass.SenderQuit, false, 3, 10)]
    public void TheSeedMessagesKeepTheContractValues(long mid, AbortClass abortClass, bool near, long idle, long duration)
    {
        var r = _run.Single(mid);
        Assert.Equal((abortClass, near, idle, duration), (r.AbortClass, r.NearTimeout, r.IdleSeconds!.Value, r.DurationSeconds));
    }

    [Fact]
    public void HeaderFillsTheObserverAndDerivedMessagesAreLinked()
    {
        Assert.All(_run.Records, r => Assert.NotNull(r.ObserverSerialNumber));
        var copy = Assert.Single(_run.Records, r => r.Derivation == "generated");
        Assert.Equal(0, copy.Icid);
        Assert.Contains(copy.Mid, _run.Single(copy.ParentMid!.Value).DerivedMids);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using EsaBridge.Core.Threading;

namespace EsaBridge.Tests.Threading;

/// <summary>The thread both pipeline stages run on: order, drain, a failing item, and a stage stuck in its work.</summary>
public sealed class StageThreadTests
{
    [Fact]
    public void Items_are_worked_on_in_order_and_given_back_and_drain_waits_for_them()
    {
        var worked = new ConcurrentQueue<int>();
        var given = new ConcurrentQueue<int>();
        using var stage = new StageThread<int[]>("test-stage", 4, item => worked.Enqueue(item[0]), item => given.Enqueue(item[0]));

        for (int i = 0; i < 100; i++)
        {
            stage.Hand([i]);
        }

        stage.Drain();

        Assert.Equal(Enumerable.Range(0, 100), worked);
        Assert.Equal(Enumerable.Range(0, 100), given);
        Assert.Null(stage.Failure);
    }

    [Fact]
    public void A_failing_item_is_kept_and_later_items_still_come_back_unworked()
    {
        var worked = new ConcurrentQueue<int>();
        var given = new ConcurrentQueue<int>();
        using var stage = new StageThread<int[]>(
            "test-stage",
            2,
            item => worked.Enqueue(item[0] == 3 ? throw new IOException("disk gone") : item[0]),
            item => given.Enqueue(item[0]));

        for (int i = 0; i < 10; i++)
        {
            stage.Hand([i]);
        }

        stage.Drain();

        Assert.Equal([0, 1, 2], worked);
        Assert.Equal(Enumerable.Range(0, 10), given);
        var failure = Assert.IsType<IOException>(stage.Failure?.SourceException);
        Assert.Equal("disk gone", failure.Message);
    }

    [Fact]
    public void Disposing_a_stage_stuck_in_its_work_returns_after_its_wait_and_leaves_the_thread_to_end()
    {
        using var release = new ManualResetEventSlim();
        var stage = new StageThread<int[]>("test-stage", 2, _ => release.Wait(), _ => { }, TimeSpan.FromMilliseconds(200));
        stage.Hand([1]);

        var clock = Stopwatch.StartNew();
        stage.Dispose();

        Assert.False(stage.Ended);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));

        // Once the work goes on, the thread ends and a second dispose frees the rest.
        release.Set();
        SpinWait.SpinUntil(() =>
        {
            stage.Dispose();
            return stage.Ended;
        }, TimeSpan.FromSeconds(5));
        Assert.True(stage.Ended);
    }

    [Fact]
    public void Stop_works_on_everything_handed_before_it_ends_the_thread()
    {
        int worked = 0;
        using var stage = new StageThread<int[]>("test-stage", 4, _ =>
        {
            Thread.Sleep(5);
            Interlocked.Increment(ref worked);
        }, _ => { });
        for (int i = 0; i < 20; i++)
        {
            stage.Hand([i]);
        }

        stage.Stop();

        Assert.Equal(20, worked);
        Assert.True(stage.Ended);
    }
}

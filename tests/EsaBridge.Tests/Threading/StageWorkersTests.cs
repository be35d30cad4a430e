using System.Collections.Concurrent;
using System.Diagnostics;
using EsaBridge.Core.Threading;

namespace EsaBridge.Tests.Threading;

/// <summary>
/// Two stages on shared threads, as in <c>parse</c>: an upstream stage whose work hands items to a downstream one, a
/// fixed number of items going round each, and the handing thread working on the stages while it waits for an empty
/// item. Each stage must still work on its items in order, one at a time, keep its failure, drain and dispose in time.
/// </summary>
public sealed class StageWorkersTests
{
    private const int Items = 3;

    [Fact]
    public void Both_stages_work_in_order_one_item_at_a_time_whichever_thread_runs_them()
    {
        using var chain = new Chain();

        for (int i = 0; i < 2000; i++)
        {
            chain.Feed(i);
        }

        chain.Upstream.Drain();
        chain.Downstream.Drain();

        Assert.Equal(Enumerable.Range(0, 2000), chain.UpstreamWorked);
        Assert.Equal(Enumerable.Range(0, 2000), chain.DownstreamWorked);
        Assert.Equal(0, chain.Overlaps);
        Assert.True(chain.Threads.Count >= 2, "the feeding thread worked on the stages too");
        Assert.Null(chain.Upstream.Failure);
        Assert.Null(chain.Downstream.Failure);
    }

    [Fact]
    public void A_stage_that_throws_on_another_thread_keeps_its_failure_and_gives_later_items_back_unworked()
    {
        using var chain = new Chain(failAt: 700);

        for (int i = 0; i < 1000; i++)
        {
            chain.Feed(i);
        }

        chain.Upstream.Drain();
        chain.Downstream.Drain();

        Assert.Equal(Enumerable.Range(0, 1000), chain.UpstreamWorked);
        Assert.Equal(Enumerable.Range(0, 700), chain.DownstreamWorked);
        Assert.Equal("disk gone", Assert.IsType<IOException>(chain.Downstream.Failure?.SourceException).Message);
        Assert.Null(chain.Upstream.Failure);

        // Every item came back: the feeding side can still take all of them.
        Assert.Equal(Items, chain.EmptyUpstream.Count);
        Assert.Equal(Items, chain.EmptyDownstream.Count);
    }

    [Fact]
    public void A_drain_returns_once_everything_handed_is_worked_on_while_the_worker_is_busy_elsewhere()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var workers = new StageWorkers("test-workers");
        var stuckWorked = new ConcurrentQueue<int>();
        var worked = new ConcurrentQueue<int>();
        var stuck = workers.Add<int[]>(item =>
        {
            entered.Set();
            release.Wait();
            stuckWorked.Enqueue(item[0]);
        }, _ => { });
        var stage = workers.Add<int[]>(item => worked.Enqueue(item[0]), _ => { });

        // The worker thread is held in the first stage: the draining thread works on the second itself.
        stuck.Hand([0]);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(5)));
        for (int i = 0; i < 10; i++)
        {
            stage.Hand([i]);
        }

        stage.Drain();

        Assert.Equal(Enumerable.Range(0, 10), worked);
        Assert.Empty(stuckWorked);
        Assert.False(stuck.Ended);
        release.Set();
        stuck.Stop();
        Assert.Equal([0], stuckWorked);
        Assert.True(stuck.Ended);
    }

    [Fact]
    public void A_thread_waiting_on_a_stage_runs_no_stage_upstream_of_it()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var workers = new StageWorkers("test-workers");
        var upstreamThreads = new ConcurrentQueue<int>();
        using var empty = new BlockingCollection<int[]>();
        var stuck = workers.Add<int[]>(_ =>
        {
            entered.Set();
            release.Wait();
        }, _ => { });
        var downstream = workers.Add<int[]>(_ => { }, empty.Add);
        var upstream = workers.Add<int[]>(_ => upstreamThreads.Enqueue(Environment.CurrentManagedThreadId), _ => { });

        // The worker thread is held; upstream has work while this thread waits on downstream, as the writing stage
        // waits for an output array inside its work: running upstream here could wait on the stage below it.
        stuck.Hand([0]);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(5)));
        upstream.Hand([1]);
        var later = new Thread(() =>
        {
            Thread.Sleep(200);
            downstream.Hand([2]);
        });
        later.Start();
        var taken = downstream.Take(empty);
        later.Join();

        Assert.Equal(2, taken[0]);
        Assert.Empty(upstreamThreads);
        release.Set();
        upstream.Drain();
        Assert.Single(upstreamThreads);
        stuck.Stop();
    }

    [Fact]
    public void Disposing_a_stage_stuck_in_its_work_returns_after_its_wait()
    {
        using var release = new ManualResetEventSlim();
        var workers = new StageWorkers("test-workers", TimeSpan.FromMilliseconds(200));
        var stage = workers.Add<int[]>(_ => release.Wait(), _ => { });
        stage.Hand([1]);
        stage.Hand([2]);

        var clock = Stopwatch.StartNew();
        stage.Dispose();
        workers.Dispose();

        Assert.False(stage.Ended);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));

        // Once the work goes on, the worker ends the stage's items and a second dispose sees it ended.
        release.Set();
        SpinWait.SpinUntil(() =>
        {
            stage.Dispose();
            return stage.Ended;
        }, TimeSpan.FromSeconds(5));
        Assert.True(stage.Ended);
    }

    /// <summary>Upstream items (taken empty by the feeder) are worked on, then each hands a downstream item (taken
    /// empty inside the upstream work, as the sessionizer takes a batch), with <see cref="Items"/> of each going round.</summary>
    private sealed class Chain : IDisposable
    {
        private readonly StageWorkers _workers = new("test-workers");
        private readonly int _failAt;
        private int _inUpstream;
        private int _inDownstream;

        public Chain(int failAt = -1)
        {
            _failAt = failAt;
            for (int i = 0; i < Items; i++)
            {
                EmptyUpstream.Add(new int[1]);
                EmptyDownstream.Add(new int[1]);
            }

            // Downstream first: served first.
            Downstream = _workers.Add<int[]>(WorkDownstream, EmptyDownstream.Add);
            Upstream = _workers.Add<int[]>(WorkUpstream, EmptyUpstream.Add);
        }

        public IStage<int[]> Upstream { get; }

        public IStage<int[]> Downstream { get; }

        public BlockingCollection<int[]> EmptyUpstream { get; } = new();

        public BlockingCollection<int[]> EmptyDownstream { get; } = new();

        public ConcurrentQueue<int> UpstreamWorked { get; } = new();

        public ConcurrentQueue<int> DownstreamWorked { get; } = new();

        public ConcurrentDictionary<int, bool> Threads { get; } = new();

        public int Overlaps { get; private set; }

        public void Feed(int value)
        {
            var item = Upstream.Take(EmptyUpstream);
            item[0] = value;
            Upstream.Hand(item);
        }

        public void Dispose()
        {
            Upstream.Dispose();
            Downstream.Dispose();
            _workers.Dispose();
        }

        private void WorkUpstream(int[] item)
        {
            Enter(ref _inUpstream);
            try
            {
                UpstreamWorked.Enqueue(item[0]);
                var next = Downstream.Take(EmptyDownstream);
                next[0] = item[0];
                Downstream.Hand(next);
            }
            finally
            {
                Interlocked.Decrement(ref _inUpstream);
            }
        }

        private void WorkDownstream(int[] item)
        {
            Enter(ref _inDownstream);
            try
            {
                if (item[0] == _failAt)
                {
                    throw new IOException("disk gone");
                }

                Thread.SpinWait(200);
                DownstreamWorked.Enqueue(item[0]);
            }
            finally
            {
                Interlocked.Decrement(ref _inDownstream);
            }
        }

        /// <summary>Counts a stage entered while it runs on another thread.</summary>
        private void Enter(ref int inStage)
        {
            Threads[Environment.CurrentManagedThreadId] = true;
            if (Interlocked.Increment(ref inStage) > 1)
            {
                Overlaps++;
            }
        }
    }
}

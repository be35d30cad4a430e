using System.Collections.Concurrent;
using System.Diagnostics;
using EsaBridge.Core.Sessions;
using EsaBridge.Core.Threading;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes a <see cref="DocumentSink"/>'s documents on another thread: a <see cref="StageWorkers"/> thread, which the
/// sessionizing stage may share (<see cref="Workers"/>), and while the sessionizer waits for a batch to come back it
/// writes one itself. The sessionizer's thread puts each finished message or connection (its state, not a copy) in a
/// batch; full batches go to the writing stage, which writes their documents in order and sends the batch back; the states of a batch that came back are given back to the
/// sessionizer (<see cref="IFinishedStateReturn"/>) on its own thread before the batch is filled again. A few
/// batches go round, so memory stays flat and a slow consumer slows the sessionizer down instead of piling up.
/// What writing throws is kept and thrown on the sessionizer's side at its next call.
/// </summary>
/// <remarks>
/// Writing the documents took 38 % of native <c>parse</c>'s samples on the sessionizing thread, which set the pace
/// while the reading thread used a third of its core (docs/PERFORMANCE.md, issue 18).
/// </remarks>
internal sealed class DocumentWritingThread : IDisposable
{
    private const int Batches = 4;
    /// <summary>Documents a batch. Each batch is a wait of one thread for the other's work; fewer, longer ones leave the
    /// cores idle less often. With <c>parse</c>'s output on the shared threads too, 256 instead of 64 gave native
    /// <c>parse</c> 0.89-0.91 of the wall time (128: 0.92, 192: 0.92, 384: 0.93, 512: 0.98, 1024: 1.04; 256 with the output
    /// on a thread of its own: 0.98), peak RSS 49-50 MB against 48 (docs/PERFORMANCE.md).</summary>
    private const int BatchItems = 256;

    private readonly DocumentSink _sink;
    private readonly BlockingCollection<Batch> _written = new(boundedCapacity: Batches);
    private readonly IStage<Batch> _thread;
    private readonly bool _ownsWorkers;
    private IFinishedStateReturn? _states;
    private Batch _current = new();

    /// <param name="workers">Threads to share with the stages downstream of writing (added to them before this one),
    /// which the caller disposes; null: new ones named <paramref name="name"/>.</param>
    public DocumentWritingThread(DocumentSink sink, string name, StageWorkers? workers = null)
    {
        _sink = sink;
        for (int i = 1; i < Batches; i++)
        {
            _written.Add(new Batch());
        }

        _ownsWorkers = workers is null;
        Workers = workers ?? new StageWorkers(name);
        _thread = Workers.Add<Batch>(Write, _written.Add);
    }

    /// <summary>The threads writing runs on, which the sessionizing stage may share.</summary>
    public StageWorkers Workers { get; }

    public void Attach(IFinishedStateReturn states)
    {
        Debug.Assert(_states is null, "a sink belongs to one sessionizer");
        _states = states;
    }

    public void Add(in FinishedMessage message)
    {
        _thread.Failure?.Throw();
        _current.Items[_current.Count].Message = message;
        _current.Items[_current.Count++].IsConnection = false;
        HandIfFull();
    }

    public void Add(in FinishedConnection connection)
    {
        _thread.Failure?.Throw();
        _current.Items[_current.Count].Connection = connection;
        _current.Items[_current.Count++].IsConnection = true;
        HandIfFull();
    }

    /// <summary>Returns once every document added so far is written, with every state given back.</summary>
    public void Drain()
    {
        if (_current.Count > 0)
        {
            Hand();
        }

        _thread.Drain();
        for (int i = _written.Count; i > 0; i--)
        {
            var batch = _written.Take();
            GiveBack(batch);
            _written.Add(batch);
        }

        _thread.Failure?.Throw();
    }

    public void Dispose()
    {
        _thread.Dispose();
        if (_ownsWorkers)
        {
            Workers.Dispose();
        }

        if (_thread.Ended)
        {
            _written.Dispose();
        }
    }

    private void HandIfFull()
    {
        if (_current.Count == BatchItems)
        {
            Hand();
        }
    }

    private void Hand()
    {
        _thread.Hand(_current);
        _current = _thread.Take(_written);
        GiveBack(_current);
    }

    private void GiveBack(Batch batch)
    {
        var states = _states!;
        for (int i = 0; i < batch.Count; i++)
        {
            ref var item = ref batch.Items[i];
            if (item.IsConnection)
            {
                states.Return(in item.Connection);
            }
            else
            {
                states.Return(in item.Message);
            }

            item = default;
        }

        batch.Count = 0;
    }

    private void Write(Batch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            ref var item = ref batch.Items[i];
            if (item.IsConnection)
            {
                _sink.WriteDocument(in item.Connection);
            }
            else
            {
                _sink.WriteDocument(in item.Message);
            }
        }
    }

    private sealed class Batch
    {
        public Item[] Items { get; } = new Item[BatchItems];

        public int Count { get; set; }
    }

    private struct Item
    {
        public bool IsConnection;
        public FinishedMessage Message;
        public FinishedConnection Connection;
    }
}

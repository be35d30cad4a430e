using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery.Spool;

namespace EsaBridge.Service;

/// <summary>
/// Encodes records and appends them to the spool on a thread of its own, so reading and encoding use both cores
/// (as <c>parse</c> does). <see cref="Drain"/> waits until every record handed over is in the spool: the ingest
/// thread calls it before each commit, so a checkpoint never names a document that is not written.
/// </summary>
internal sealed class SpoolWriter : IDisposable
{
    private const int BatchSize = 256;

    private readonly DocumentSpool _spool;
    private readonly BlockingCollection<List<SessionRecord>> _batches = new(boundedCapacity: 8);
    private readonly Thread _thread;
    private readonly SemaphoreSlim _drained = new(0);
    private List<SessionRecord> _current = new(BatchSize);
    private volatile Exception? _failure;

    public SpoolWriter(DocumentSpool spool)
    {
        _spool = spool;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "esabridge-encode" };
        _thread.Start();
    }

    public void Add(SessionRecord record)
    {
        _current.Add(record);
        if (_current.Count == BatchSize)
        {
            Post();
        }
    }

    /// <summary>Returns once every record added so far is appended to the spool; rethrows the writer's failure.</summary>
    public void Drain()
    {
        Post();
        _batches.Add([]);
        _drained.Wait();
        if (_failure is not null)
        {
            throw new IOException($"cannot write to the spool: {_failure.Message}", _failure);
        }
    }

    public void Dispose()
    {
        _batches.CompleteAdding();
        _thread.Join();
        _batches.Dispose();
        _drained.Dispose();
    }

    private void Post()
    {
        if (_current.Count > 0)
        {
            _batches.Add(_current);
            _current = new List<SessionRecord>(BatchSize);
        }
    }

    private void WriteLoop()
    {
        var encoder = new NdjsonEncoder();
        foreach (var batch in _batches.GetConsumingEnumerable())
        {
            if (batch.Count == 0)
            {
                _drained.Release();
                continue;
            }

            if (_failure is not null)
            {
                continue;
            }

            try
            {
                foreach (var record in batch)
                {
                    _spool.Append(record.EventId, encoder.Encode(record));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = e;
            }
        }
    }
}

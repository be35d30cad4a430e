using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery.Spool;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>
/// Encodes records and appends them to the spool on a thread of its own, so reading and encoding use both cores
/// (as <c>parse</c> does). <see cref="Drain"/> waits until every record handed over is in the spool and handed to
/// the operating system: the ingest thread calls it before each commit, so a checkpoint never names a document
/// that is not written. When the disk is full, the writer keeps the document it could not write and tries again
/// every second (<see cref="DiskFullRetry"/>); its queue fills up and reading waits: nothing is dropped.
/// </summary>
internal sealed class SpoolWriter : IDisposable
{
    private const int BatchSize = 256;

    private readonly DocumentSpool _spool;
    private readonly DiskFullRetry _disk;
    private readonly BlockingCollection<List<SessionRecord>> _batches = new(boundedCapacity: 8);
    private readonly CancellationTokenSource _givenUp = new();
    private readonly Thread _thread;
    private readonly SemaphoreSlim _drained = new(0);
    private List<SessionRecord> _current = new(BatchSize);
    private long _drainedPosition;
    private volatile Exception? _failure;

    /// <param name="stop">While the disk is full, stopping gives up waiting for room (the last checkpoint stands).</param>
    public SpoolWriter(DocumentSpool spool, ILogger logger, CancellationToken stop)
    {
        _spool = spool;
        _disk = new DiskFullRetry("spool", "reading paused, nothing dropped", "; reading resumed", logger, stop);
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "esabridge-encode" };
        _thread.Start();
    }

    /// <summary>True while the disk has no room for the next document.</summary>
    public bool WaitingForDisk => _disk.Waiting;

    /// <exception cref="DiskFullStopException">Stopping while the disk was full.</exception>
    public void Add(SessionRecord record)
    {
        _current.Add(record);
        if (_current.Count == BatchSize)
        {
            Post();
        }
    }

    /// <summary>Returns once every record added so far is in the spool and handed to the operating system.</summary>
    /// <returns>The spool position a checkpoint taken now may name.</returns>
    /// <exception cref="DiskFullStopException">Stopping while the disk was full.</exception>
    /// <exception cref="IOException">The spool cannot be written for another reason.</exception>
    public long Drain()
    {
        Post();
        Hand([]);
        try
        {
            _drained.Wait(_givenUp.Token);
        }
        catch (OperationCanceledException)
        {
            throw new DiskFullStopException();
        }

        if (_failure is not null)
        {
            throw new IOException($"cannot write to the spool: {_failure.Message}", _failure);
        }

        return Interlocked.Read(ref _drainedPosition);
    }

    public void Dispose()
    {
        _batches.CompleteAdding();
        _thread.Join();
        _batches.Dispose();
        _drained.Dispose();
        _givenUp.Dispose();
    }

    private void Post()
    {
        if (_current.Count > 0)
        {
            Hand(_current);
            _current = new List<SessionRecord>(BatchSize);
        }
    }

    private void Hand(List<SessionRecord> batch)
    {
        try
        {
            _batches.Add(batch, _givenUp.Token);
        }
        catch (OperationCanceledException)
        {
            throw new DiskFullStopException();
        }
    }

    private void WriteLoop()
    {
        var encoder = new NdjsonEncoder();
        foreach (var batch in _batches.GetConsumingEnumerable())
        {
            bool marker = batch.Count == 0;
            if (_failure is not null || _givenUp.IsCancellationRequested)
            {
                if (marker)
                {
                    _drained.Release();
                }

                continue;
            }

            try
            {
                if (marker)
                {
                    Interlocked.Exchange(ref _drainedPosition, _disk.Run(static spool => spool.FlushToSystem(), _spool));
                    _drained.Release();
                    continue;
                }

                foreach (var record in batch)
                {
                    _disk.Run(Append, (_spool, record.EventId, encoder.Encode(record)));
                }
            }
            catch (DiskFullStopException)
            {
                _givenUp.Cancel();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = e;
                if (marker)
                {
                    _drained.Release();
                }
            }
        }
    }

    private static bool Append((DocumentSpool Spool, string Id, byte[] Json) document)
    {
        document.Spool.Append(document.Id, document.Json);
        return true;
    }
}

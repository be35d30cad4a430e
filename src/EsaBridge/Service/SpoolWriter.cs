using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery;
using EsaBridge.Delivery.Spool;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>
/// Encodes records and appends them to the spool on a thread of its own, so reading and encoding use both cores
/// (as <c>parse</c> does). <see cref="Drain"/> waits until every record handed over is in the spool and handed to
/// the operating system: the ingest thread calls it before each commit, so a checkpoint never names a document
/// that is not written. When the disk is full, the writer keeps the document it could not write and tries again
/// every <see cref="DiskRetryInterval"/>; its queue fills up and reading waits: nothing is dropped.
/// </summary>
internal sealed partial class SpoolWriter : IDisposable
{
    private const int BatchSize = 256;

    private readonly DocumentSpool _spool;
    private readonly ILogger _logger;
    private readonly CancellationToken _stop;
    private readonly BlockingCollection<List<SessionRecord>> _batches = new(boundedCapacity: 8);
    private readonly CancellationTokenSource _givenUp = new();
    private readonly Thread _thread;
    private readonly SemaphoreSlim _drained = new(0);
    private List<SessionRecord> _current = new(BatchSize);
    private long _drainedPosition;
    private volatile Exception? _failure;
    private volatile bool _waitingForDisk;

    /// <param name="stop">While the disk is full, stopping gives up waiting for room (the last checkpoint stands).</param>
    public SpoolWriter(DocumentSpool spool, ILogger logger, CancellationToken stop)
    {
        _spool = spool;
        _logger = logger;
        _stop = stop;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "esabridge-encode" };
        _thread.Start();
    }

    public static TimeSpan DiskRetryInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>True while the disk has no room for the next document.</summary>
    public bool WaitingForDisk => _waitingForDisk;

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
                    Interlocked.Exchange(ref _drainedPosition, UntilWritten(static (spool, _) => spool.FlushToSystem(), 0));
                    _drained.Release();
                    continue;
                }

                foreach (var record in batch)
                {
                    UntilWritten(static (spool, document) => Append(spool, document), (record.EventId, encoder.Encode(record)));
                }
            }
            catch (OperationCanceledException)
            {
                LogGaveUp(_logger);
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

    private static long Append(DocumentSpool spool, (string Id, byte[] Json) document)
    {
        spool.Append(document.Id, document.Json);
        return 0;
    }

    /// <summary>Runs a spool write until it succeeds, waiting for room while the disk is full.</summary>
    /// <exception cref="OperationCanceledException">Stopping while the disk is full.</exception>
    private long UntilWritten<TState>(Func<DocumentSpool, TState, long> write, TState state)
    {
        while (true)
        {
            try
            {
                long result = write(_spool, state);
                if (_waitingForDisk)
                {
                    _waitingForDisk = false;
                    LogDiskHasRoom(_logger);
                }

                return result;
            }
            catch (IOException e) when (StateDisk.IsFull(e))
            {
                if (!_waitingForDisk)
                {
                    _waitingForDisk = true;
                    LogDiskFull(_logger, e.Message, DiskRetryInterval.TotalSeconds);
                }

                if (_stop.WaitHandle.WaitOne(DiskRetryInterval) || _stop.IsCancellationRequested)
                {
                    throw new OperationCanceledException(_stop);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "spool: the disk is full ({Reason}); reading paused, nothing dropped; trying again every {Seconds} s")]
    private static partial void LogDiskFull(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "spool: the disk has room again; reading resumed")]
    private static partial void LogDiskHasRoom(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping while the disk is full: the last checkpoint stands, and what was read after it is read again at the next start")]
    private static partial void LogGaveUp(ILogger logger);
}

/// <summary>The service was stopped while the disk was full: no new checkpoint could be written, the last one stands.</summary>
internal sealed class DiskFullStopException() : IOException("stopped while the disk was full");

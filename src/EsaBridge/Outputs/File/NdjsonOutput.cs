using System.Collections.Concurrent;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Outputs.File;

/// <summary>
/// Documents as NDJSON to a stream (stdout or a file). Encoding runs on its own thread, fed batches of records
/// through a bounded queue, so parsing and encoding use both cores; the bound keeps memory flat.
/// </summary>
internal sealed class NdjsonOutput : IDisposable
{
    private const int BatchSize = 512;
    private const int FlushBytes = 1 << 20;

    private readonly Stream _destination;
    private readonly BlockingCollection<List<SessionRecord>> _batches = new(boundedCapacity: 4);
    private readonly Thread _writer;
    private List<SessionRecord> _current = new(BatchSize);
    private Exception? _writeError;
    private bool _completed;

    public NdjsonOutput(Stream destination)
    {
        _destination = destination;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "ndjson-writer" };
        _writer.Start();
    }

    public void Write(SessionRecord record)
    {
        _current.Add(record);
        if (_current.Count == BatchSize)
        {
            Post();
        }
    }

    /// <summary>Writes everything written so far and waits for it; throws the writer's error if it had one.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            _completed = true;
            Post();
            _batches.CompleteAdding();
            _writer.Join();
        }

        if (_writeError is not null)
        {
            throw new IOException($"cannot write documents: {_writeError.Message}", _writeError);
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _batches.CompleteAdding();
            _writer.Join();
        }

        _batches.Dispose();
        _destination.Dispose();
    }

    private void Post()
    {
        if (_current.Count == 0)
        {
            return;
        }

        if (_writeError is not null)
        {
            throw new IOException($"cannot write documents: {_writeError.Message}", _writeError);
        }

        _batches.Add(_current);
        _current = new List<SessionRecord>(BatchSize);
    }

    private void WriteLoop()
    {
        var encoder = new NdjsonEncoder();
        try
        {
            foreach (var batch in _batches.GetConsumingEnumerable())
            {
                foreach (var record in batch)
                {
                    encoder.Append(record);
                }

                if (encoder.WrittenCount >= FlushBytes)
                {
                    _destination.Write(encoder.Written.Span);
                    encoder.Clear();
                }
            }

            _destination.Write(encoder.Written.Span);
            _destination.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _writeError = e;
            foreach (var unused in _batches.GetConsumingEnumerable())
            {
                // Drain so the producer never blocks on a dead writer.
            }
        }
    }
}

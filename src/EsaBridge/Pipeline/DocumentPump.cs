namespace EsaBridge.Pipeline;

/// <summary>What a <see cref="DocumentPump"/> does with the documents, on its own thread.</summary>
internal interface IDocumentConsumer
{
    /// <summary>Consumes written documents; the array goes back to the writer once this returns.</summary>
    void Consume(ArraySegment<byte> documents);

    /// <summary>At <see cref="DocumentPump.Drain"/>, once everything handed before it is consumed.</summary>
    void Drained();

    /// <summary>Once the last documents are consumed (not after a failure).</summary>
    void Completed();
}

/// <summary>The back of the pipeline: the sessionizer writes documents into <see cref="DocumentArrays"/> (through a <see
/// cref="Core.Documents.DocumentSink"/> that calls <see cref="HandOff"/>), and a thread of its own gives the full ones
/// to an <see cref="IDocumentConsumer"/> (<c>run</c>'s spool, <c>ship</c>'s memory spool; <c>parse</c>'s output is a stage instead, <see cref="NdjsonByteWriter"/>), so writing overlaps the pipeline. A
/// consumer's failure is thrown on the writing side at the next hand-off (and at <see cref="Drain"/> and <see
/// cref="Complete"/>), and the arrays keep coming back, so the writer never blocks on a dead consumer.</summary>
internal sealed class DocumentPump : IDisposable
{
    private readonly IDocumentConsumer _consumer;
    private readonly Func<Exception, bool> _isConsumerFailure;
    private readonly string _failureMessage;
    private readonly CancellationToken _giveUp;
    private readonly DocumentArrays _arrays;
    private readonly SemaphoreSlim _drained = new(0);
    private readonly Thread _thread;
    private volatile Exception? _failure;
    private bool _completed;

    /// <param name="arrays">Arrays in all; a slow consumer slows the writer once it holds all of them.</param>
    /// <param name="arrayBytes">The size of each: the sink's flush size and room for the document that crosses it.</param>
    /// <param name="isConsumerFailure">The consumer's exceptions that are kept and thrown on the writing side (as
    /// <see cref="IOException"/>: <paramref name="failureMessage"/>: the cause); any other one ends the process.</param>
    /// <param name="giveUp">Once cancelled, waiting for the consumer throws <see cref="OperationCanceledException"/>
    /// and nothing more is consumed.</param>
    public DocumentPump(
        string threadName,
        int arrays,
        int arrayBytes,
        IDocumentConsumer consumer,
        Func<Exception, bool> isConsumerFailure,
        string failureMessage,
        CancellationToken giveUp = default)
    {
        _consumer = consumer;
        _isConsumerFailure = isConsumerFailure;
        _failureMessage = failureMessage;
        _giveUp = giveUp;
        _arrays = new DocumentArrays(arrays, arrayBytes);
        _thread = new Thread(ConsumeLoop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public byte[] First => _arrays.First;

    /// <summary>Writer side: hands written documents over; returns an empty array to write on into.</summary>
    /// <exception cref="IOException">The consumer failed.</exception>
    /// <exception cref="OperationCanceledException">Given up while the consumer held every array.</exception>
    public byte[] HandOff(ArraySegment<byte> written)
    {
        ThrowIfFailed();
        _arrays.Hand(written, _giveUp);
        return _arrays.TakeEmpty(_giveUp);
    }

    /// <summary>Writer side (the caller flushes the sink first): returns once everything handed so far is consumed and
    /// the consumer's <see cref="IDocumentConsumer.Drained"/> ran.</summary>
    /// <exception cref="IOException">The consumer failed.</exception>
    /// <exception cref="OperationCanceledException">Given up.</exception>
    public void Drain()
    {
        _arrays.Hand(default, _giveUp);
        _drained.Wait(_giveUp);
        ThrowIfFailed();
    }

    /// <summary>Writer side (the caller flushes the sink first): consumes the rest and waits for it.</summary>
    /// <exception cref="IOException">The consumer failed.</exception>
    public void Complete()
    {
        Stop();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        Stop();
        _arrays.Dispose();
        _drained.Dispose();
    }

    private void Stop()
    {
        if (!_completed)
        {
            _completed = true;
            _arrays.Complete();
            _thread.Join();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new IOException($"{_failureMessage}: {failure.Message}", failure);
        }
    }

    private void ConsumeLoop()
    {
        foreach (var written in _arrays.Handed())
        {
            // The default segment is the marker Drain waits for.
            bool marker = written.Array is null;
            try
            {
                if (_failure is not null || _giveUp.IsCancellationRequested)
                {
                    continue;
                }

                if (marker)
                {
                    _consumer.Drained();
                }
                else
                {
                    _consumer.Consume(written);
                }
            }
            catch (Exception e) when (_isConsumerFailure(e))
            {
                _failure = e;
            }
            finally
            {
                if (marker)
                {
                    _drained.Release();
                }
                else
                {
                    _arrays.Return(written.Array!);
                }
            }
        }

        try
        {
            if (_failure is null && !_giveUp.IsCancellationRequested)
            {
                _consumer.Completed();
            }
        }
        catch (Exception e) when (_isConsumerFailure(e))
        {
            _failure = e;
        }
    }
}

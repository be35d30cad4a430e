namespace EsaBridge.Service;

/// <summary>Syslog messages received by a listener, drained by the ingest thread.</summary>
internal interface ISyslogSource
{
    /// <param name="message">One message without framing; valid until the next call.</param>
    bool TryRead(out ReadOnlyMemory<byte> message);

    ValueTask<bool> WaitToReadAsync(CancellationToken cancellation);
}

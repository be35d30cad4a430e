using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Splunk;

/// <summary>Sends documents to Splunk's HTTP Event Collector as the contract's "Splunk events", made from their ECS
/// bytes. A health check runs at start. Each answer is classified for the <see cref="DeliveryEngine"/>: 500, 503,
/// network errors (and, with acknowledgement, an ack that stays false past its timeout) are retried, never sooner than
/// <c>Retry-After</c>; 413 splits the batch. Codes that concern the whole batch or the token are settled at once: 7
/// (<c>Incorrect index</c>, the batch's one index) dead-letters every event from the one named, 10, 11 and 14 stop, and
/// the token codes (1-4, and <c>Invalid token</c>/<c>Token disabled</c> however sent) stop as refused credentials. Only
/// an event-level 400 with <c>invalid-event-number</c> N (6, 12, 13, 15, ...) dead-letters event N and resends the
/// others: those after it, and, with acknowledgement, those before it too, since no ack proves them indexed (they may
/// be indexed twice; without acknowledgement they count as indexed, as HEC says).</summary>
internal sealed class HecOutput : IDocumentOutput, IBatchSender<HecEvent>
{
    private const string TrustHint = "trust HEC's CA with --hec-ca-cert FILE; --hec-insecure turns checks off, for labs only";

    private static readonly TimeSpan FirstAckPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestAckPoll = TimeSpan.FromSeconds(1);

    private readonly HecSettings _settings;
    private readonly HecClient _client;
    private readonly TimeProvider _time;
    private readonly HecLog _log;
    private readonly FullJitterBackoff _backoff;

    // Reused between batches (two are in flight): the events of a batch and its request bodies are about a megabyte
    // each, and fresh large arrays cost page faults and full collections.
    private readonly ConcurrentBag<ArrayBufferWriter<byte>> _eventBuffers = [];
    private readonly ConcurrentBag<MemoryStream> _bodyBuffers = [];

    private HecOutput(HecSettings settings, TextWriter error, TimeProvider? time)
    {
        _settings = settings;
        _client = new HecClient(settings);
        _time = time ?? TimeProvider.System;
        _backoff = new FullJitterBackoff(settings.RetryBaseDelay, settings.RetryMaxDelay);
        _log = new HecLog(error);
    }

    public string Name => "splunk-hec";

    public DeliveryCounters Counters { get; } = new();

    public DeliveryTrouble Trouble { get; } = new();

    /// <summary>No document limit; bodies are cut to <see cref="HecSettings.BatchBytes"/> here, measured on the HEC events.</summary>
    public (int Documents, long Bytes) BatchLimits => (int.MaxValue, _settings.BatchBytes);

    public string ServerName => "Splunk HEC";

    public string ItemsName => "events";

    /// <summary>The output, not yet in touch with HEC (warns about <c>--hec-insecure</c>); <see
    /// cref="CheckHealthAsync"/> is its start check.</summary>
    public static HecOutput Create(HecSettings settings, TextWriter error, TimeProvider? time = null)
    {
        var output = new HecOutput(settings, error, time);
        if (settings.Insecure)
        {
            output._log.Line("WARNING: --hec-insecure: HEC's TLS certificate is NOT checked; anyone in the path can read the events and the token. Use it only in a lab.");
        }

        return output;
    }

    public async Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation)
    {
        Counters.AddSent(batch.Count);
        var buffer = _eventBuffers.TryTake(out var reused) ? reused : new ArrayBufferWriter<byte>(1 << 20);
        try
        {
            var events = HecEventBatch.Transcode(batch, _settings.Envelope, buffer, (document, reason) => engine.DeadLetter([document], null, reason));
            foreach (var chunk in HecEventBatch.Chunk(events, _settings.BatchBytes))
            {
                await engine.DeliverAsync(chunk, this, cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            _eventBuffers.Add(buffer);
        }
    }

    public OutgoingDocument DocumentOf(HecEvent item) => item.Document;

    public ValueTask DisposeAsync()
    {
        _log.Summary(_settings.Acknowledgement, _client.Channel);
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Asks HEC's health endpoint; a busy HEC (503, codes 18-20: queues full, ack service unavailable) is asked again until <paramref name="busyFor"/> is over.</summary>
    /// <exception cref="OutputFatalException">HEC cannot be reached, is not HEC, or is not healthy.</exception>
    public async Task CheckHealthAsync(TimeSpan busyFor, CancellationToken cancellation)
    {
        string root = UrlRedaction.Redact(_settings.BaseUrl);
        var until = _time.GetUtcNow() + busyFor;
        HecReply reply;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                reply = await _client.HealthAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                throw new OutputFatalException(TlsFailures.Find(e) is { } tls
                    ? $"Splunk HEC at {root}: TLS: {TlsFailures.Describe(tls)} ({TrustHint})"
                    : $"Splunk HEC at {root} cannot be reached: {Innermost(e).Message} (is HEC enabled, and is --hec-url its address, e.g. https://splunk:8088?)");
            }

            var left = until - _time.GetUtcNow();
            if (reply is not { Status: 503, Code: >= 18 and <= 20 } || left <= TimeSpan.Zero)
            {
                break;
            }

            _log.Count(reply);
            var delay = _backoff.Delay(attempt);
            delay = delay < left ? delay : left;
            _log.Line(string.Create(CultureInfo.InvariantCulture, $"{root}: {reply.Describe()}: HEC is busy, asked again in {delay.TotalSeconds:F1} s (for up to --retry-for {busyFor})"));
            await Task.Delay(delay, _time, cancellation).ConfigureAwait(false);
        }

        _log.Count(reply);
        if (reply.Text is null)
        {
            throw new OutputFatalException($"{root} did not answer like Splunk HEC ({reply.Describe()}): is --hec-url HEC's address, e.g. https://splunk:8088?");
        }

        if (reply.Status != 200)
        {
            throw new OutputFatalException(reply.Status == 404
                ? $"Splunk HEC at {root}: the health endpoint /services/collector/health was not found ({reply.Describe()}): is --hec-url HEC's address, e.g. https://splunk:8088?"
                : $"Splunk HEC at {root} is not healthy: {reply.Describe()}");
        }

        _log.Line($"{root}: {reply.Describe()}");
    }

    /// <summary>Posts the events; after a 400 naming one faulty event, dead-letters it and posts the events after it at once.</summary>
    public async Task<DeliveryAnswer<HecEvent>> SendOnceAsync(List<HecEvent> events, CancellationToken cancellation)
    {
        var pending = events;
        var refused = new List<RefusedItem<HecEvent>>();
        while (true)
        {
            HecReply reply;
            var body = _bodyBuffers.TryTake(out var reused) ? reused : new MemoryStream(1 << 20);
            try
            {
                HecEventBatch.WriteBody(pending, _settings.Compression, body);
                reply = await _client.PostEventsAsync(body.GetBuffer().AsMemory(0, (int)body.Length), _settings.Compression, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                return NoAnswer(pending, e) with { Refused = refused };
            }
            finally
            {
                _bodyBuffers.Add(body);
            }

            _log.Count(reply);
            if (reply.IsSuccess)
            {
                return await SettleAsync(pending, reply, cancellation).ConfigureAwait(false) with { Refused = refused };
            }

            if (reply.Status == 400 && reply.InvalidEventNumber is int number && number >= 0 && number < pending.Count
                && !reply.IsAuthFailure && reply.Code is not (10 or 11 or 14))
            {
                pending = SettleInvalidEvent(pending, reply, number, refused);
                if (pending.Count == 0)
                {
                    return DeliveryAnswer<HecEvent>.Done with { Refused = refused };
                }

                Counters.AddRetried(pending.Count);
                continue;
            }

            return Classify(pending, reply) with { Refused = refused };
        }
    }

    /// <summary>A 400 naming event <paramref name="number"/>: refuses it (with code 7, the batch's index, every event from it
    /// on, which name the same index); the events before it are indexed, but only acknowledgement would prove it.</summary>
    /// <returns>The events to send again.</returns>
    private List<HecEvent> SettleInvalidEvent(List<HecEvent> pending, HecReply reply, int number, List<RefusedItem<HecEvent>> refused)
    {
        int refusedEnd = reply.Code == 7 ? pending.Count : number + 1;
        var after = pending[refusedEnd..];
        string before = _settings.Acknowledgement
            ? $"{number} events before it sent again (no ack proves them indexed)"
            : $"{number} events before it indexed";
        string which = refusedEnd == number + 1 ? $"event {number} dead-lettered" : $"events {number}-{refusedEnd - 1} dead-lettered (the index is the whole batch's)";
        _log.Line($"{reply.Describe()}: {before}, {which}, {after.Count} after it sent again");
        string reason = $"HEC refused the event: {reply.Describe()}";
        refused.AddRange(pending[number..refusedEnd].Select(e => new RefusedItem<HecEvent>(e, 400, reason)));
        if (_settings.Acknowledgement)
        {
            return [.. pending[..number], .. after];
        }

        Counters.AddCreated(number);
        return after;
    }

    /// <summary>A success: delivered at once, or with acknowledgement only once HEC reports the batch's ack id true.</summary>
    private async Task<DeliveryAnswer<HecEvent>> SettleAsync(List<HecEvent> events, HecReply reply, CancellationToken cancellation)
    {
        if (!_settings.Acknowledgement)
        {
            Counters.AddCreated(events.Count);
            return DeliveryAnswer<HecEvent>.Done;
        }

        if (reply.AckId is not long ackId)
        {
            return new DeliveryAnswer<HecEvent>(DeliveryOutcome.Fatal, events, reply.Status,
                $"{reply.Describe()} without an ackId: indexer acknowledgement is off for this token (turn it on in Splunk, or drop --hec-ack)");
        }

        var until = _time.GetUtcNow() + _settings.AckTimeout;
        var wait = FirstAckPoll;
        while (true)
        {
            await Task.Delay(wait, _time, cancellation).ConfigureAwait(false);
            wait = wait * 2 < LongestAckPoll ? wait * 2 : LongestAckPoll;
            try
            {
                var (poll, acknowledged) = await _client.PollAckAsync(ackId, cancellation).ConfigureAwait(false);
                _log.AckPolled();
                if (acknowledged)
                {
                    Counters.AddCreated(events.Count);
                    return DeliveryAnswer<HecEvent>.Done;
                }

                if (poll.Status != 200)
                {
                    _log.Count(poll);
                    _log.Line($"ack poll for ackId {ackId}: {poll.Describe()}");
                    if (poll.IsAuthFailure || poll.Code is 10 or 11 or 14)
                    {
                        return Classify(events, poll);
                    }
                }
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                if (TlsFailures.Find(e) is not null)
                {
                    return NoAnswer(events, e);
                }

                _log.Line($"ack poll for ackId {ackId}: network error: {Innermost(e).Message}");
            }

            if (_time.GetUtcNow() >= until)
            {
                _log.AckTimedOut();
                return new DeliveryAnswer<HecEvent>(DeliveryOutcome.Retry, events, 200,
                    $"ackId {ackId} on channel {_client.Channel} not acknowledged within {_settings.AckTimeout}");
            }
        }
    }

    private static DeliveryAnswer<HecEvent> Classify(List<HecEvent> events, HecReply reply)
    {
        string said = reply.Describe();
        return reply switch
        {
            { IsAuthFailure: true } => new(DeliveryOutcome.Unauthorized, events, reply.Status, said),
            { Code: 10 } => new(DeliveryOutcome.Fatal, events, reply.Status, $"{said}: this token has indexer acknowledgement on; add --hec-ack"),
            { Code: 14 } => new(DeliveryOutcome.Fatal, events, reply.Status, $"{said}: indexer acknowledgement is off for this token; drop --hec-ack or turn it on in Splunk"),
            { Code: 11 } => new(DeliveryOutcome.Fatal, events, reply.Status, said),
            { Status: 413 } => new(DeliveryOutcome.TooLarge, events, 413, $"this one event is over HEC's max_content_length: {said}"),
            { Status: 404 } or { Text: null, Status: < 300 } => new(DeliveryOutcome.Fatal, events, reply.Status, $"{said}: is --hec-url HEC's address, e.g. https://splunk:8088?"),
            { Status: 408 or 429 or >= 500 } => new(DeliveryOutcome.Retry, events, reply.Status, said, reply.RetryAfter),
            { Code: 7 } => new(DeliveryOutcome.Rejected, events, reply.Status, $"HEC refused the batch's index: {said}"),
            _ => new(DeliveryOutcome.Rejected, events, reply.Status, $"HEC refused the batch: {said}"),
        };
    }

    /// <summary>No HTTP answer: a network error or timeout is worth retrying, a refused certificate is not.</summary>
    private static DeliveryAnswer<HecEvent> NoAnswer(List<HecEvent> events, Exception e) =>
        TlsFailures.Find(e) is { } tls
            ? new(DeliveryOutcome.Fatal, events, null, $"TLS: {TlsFailures.Describe(tls)} ({TrustHint})")
            : new(DeliveryOutcome.Retry, events, null, $"network error: {Innermost(e).Message}");

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}

using System.Globalization;

namespace EsaBridge.Delivery;

/// <summary>How one output's batches are delivered, the same for every output and every command (<c>ship</c> and <c>run</c>
/// through an <see cref="Spool.OutputWorker"/>, <c>resend</c> directly). Each send is classified by the output (<see
/// cref="IBatchSender{TItem}"/>); transient failures, and any exception but cancellation, are sent again with exponential
/// backoff and full jitter (never sooner than the server's <c>Retry-After</c>) until <see cref="DeliveryPolicy.RetryFor"/>
/// is used up, then dead-lettered; 413 splits the items down to one, which is dead-lettered. A refusal for good
/// (credentials, a certificate) ends the batch with <see cref="OutputFatalException"/>: <c>ship</c> stops on it, while
/// <c>run</c> (<see cref="DeliveryPolicy.KeepTryingRefused"/>) tries the batch again with backoff, so that fixed
/// credentials resume delivery without a restart. Resends are counted in <see cref="DeliveryCounters.Retried"/>; retries,
/// refusals and dead letters are reported to <see cref="DeliveryTrouble"/>.</summary>
internal sealed class DeliveryEngine(IDocumentOutput output, DeliveryPolicy policy, DeadLetterFile deadLetters, TimeProvider? time = null)
{
    private readonly string _output = output.Name;
    private readonly DeliveryPolicy _policy = policy;
    private readonly DeliveryCounters _counters = output.Counters;
    private readonly DeliveryTrouble _trouble = output.Trouble;
    private readonly DeadLetterFile _deadLetters = deadLetters;
    private readonly FullJitterBackoff _backoff = new(policy.BaseDelay, policy.MaxDelay);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IDocumentOutput Output { get; } = output;

    /// <summary>Delivers one batch: returns once every document is acknowledged or dead-lettered.</summary>
    /// <exception cref="OutputFatalException">The server refused us for good (not with <see cref="DeliveryPolicy.KeepTryingRefused"/>).</exception>
    /// <remarks>Each failure is retried in one place: a send's (network, 5xx, 429, a refusal in <c>run</c>) in <see
    /// cref="DeliverAsync{TItem}"/>; here only what fails outside a send in <c>run</c>, such as the dead-letter file on
    /// a full disk, for which the batch stays in the spool and is tried again.</remarks>
    public Task DeliverBatchAsync(IReadOnlyList<OutgoingDocument> batch, CancellationToken cancellation) =>
        DeliverBatchAsync(batch, prepared: null, cancellation);

    /// <summary>The same with what the output made of the batch ahead (<see cref="IDocumentOutput.Prepare"/>), disposed once the batch is delivered.</summary>
    public async Task DeliverBatchAsync(IReadOnlyList<OutgoingDocument> batch, IPreparedBatch? prepared, CancellationToken cancellation)
    {
        using var owned = prepared;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await Output.DeliverAsync(batch, prepared, this, cancellation).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (_policy.KeepTryingRefused && !(e is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                var delay = _backoff.Delay(attempt);
                if (e is OutputFatalException refusal)
                {
                    ReportRefused(refusal, batch.Count, delay);
                }
                else
                {
                    _trouble.Retrying(e.GetType().Name, e.Message, Staying(batch.Count, delay));
                }

                await Task.Delay(delay, _time, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends items of a batch, for the output (<see cref="IDocumentOutput.DeliverAsync"/>): returns once every item is acknowledged or dead-lettered.</summary>
    /// <exception cref="OutputFatalException">The server refused us for good.</exception>
    public async Task DeliverAsync<TItem>(List<TItem> items, IBatchSender<TItem> sender, CancellationToken cancellation)
    {
        var deadline = _time.GetUtcNow() + _policy.RetryFor;
        var pending = items;
        int retries = 0, refusals = 0;
        bool resending = false;
        while (true)
        {
            if (resending)
            {
                _counters.AddRetried(pending.Count);
            }

            var answer = await SendOnceAsync(pending, sender, cancellation).ConfigureAwait(false);
            if (answer.Refused.Count > 0)
            {
                DeadLetter(answer.Refused, sender.DocumentOf);
            }

            switch (answer.Outcome)
            {
                case DeliveryOutcome.Done:
                    return;
                case DeliveryOutcome.Rejected:
                    DeadLetter(answer.Remaining, answer.Status, answer.Failure, sender);
                    return;
                case DeliveryOutcome.TooLarge when answer.Remaining.Count == 1:
                    DeadLetter(answer.Remaining, 413, answer.Failure, sender);
                    return;
                case DeliveryOutcome.TooLarge:
                    int half = answer.Remaining.Count / 2;
                    await DeliverAsync(answer.Remaining[..half], sender, cancellation).ConfigureAwait(false);
                    await DeliverAsync(answer.Remaining[half..], sender, cancellation).ConfigureAwait(false);
                    return;
                case DeliveryOutcome.Unauthorized or DeliveryOutcome.Fatal:
                    var refusal = new OutputFatalException($"{sender.ServerName} refused the request: {answer.Failure}", answer.Outcome == DeliveryOutcome.Unauthorized);
                    if (!_policy.KeepTryingRefused)
                    {
                        throw refusal;
                    }

                    // run: the documents stay in the spool and are tried again until the credentials are fixed, without a deadline.
                    var wait = _backoff.Delay(refusals++);
                    ReportRefused(refusal, pending.Count, wait);
                    await Task.Delay(wait, _time, cancellation).ConfigureAwait(false);
                    resending = false;
                    continue;
            }

            refusals = 0;

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                DeadLetter(answer.Remaining, answer.Status, $"not delivered within {_policy.RetryFor}: {answer.Failure}", sender);
                return;
            }

            var delay = _backoff.Delay(retries++);
            if (answer.RetryAfter is { } after && after > delay)
            {
                delay = after;
            }

            delay = delay < left ? delay : left;
            _trouble.Retrying(
                answer.Status is int status ? $"HTTP {status}" : "network error",
                answer.Failure,
                string.Create(CultureInfo.InvariantCulture, $"{answer.Remaining.Count} {sender.ItemsName} again in {delay.TotalSeconds:F1} s"));
            await Task.Delay(delay, _time, cancellation).ConfigureAwait(false);
            pending = answer.Remaining;
            resending = true;
        }
    }

    /// <summary>Dead-letters documents the output settles itself (one it cannot convert, one a server names in a partial answer).</summary>
    public void DeadLetter(IReadOnlyCollection<OutgoingDocument> documents, int? status, string reason) =>
        DeadLetter(documents.Select(d => new RefusedItem<OutgoingDocument>(d, status, reason)).ToList(), static d => d);

    private void ReportRefused(OutputFatalException refusal, int documents, TimeSpan delay)
    {
        string next = Staying(documents, delay);
        if (refusal.Authentication)
        {
            _trouble.Refused("authentication refused", $"authentication refused: {refusal.Message}", next + " (fix the credentials: delivery resumes by itself)");
        }
        else
        {
            _trouble.Refused("refused", refusal.Message, next);
        }
    }

    private static string Staying(int documents, TimeSpan delay) =>
        string.Create(CultureInfo.InvariantCulture, $"{documents} documents stay in the spool, next try in {delay.TotalSeconds:0.0} s");

    /// <summary>One send; an exception the output did not classify is a transient failure, whatever it is.</summary>
    private static async Task<DeliveryAnswer<TItem>> SendOnceAsync<TItem>(List<TItem> items, IBatchSender<TItem> sender, CancellationToken cancellation)
    {
        try
        {
            return await sender.SendOnceAsync(items, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellation.IsCancellationRequested))
        {
            return e is OutputFatalException fatal
                ? new DeliveryAnswer<TItem>(fatal.Authentication ? DeliveryOutcome.Unauthorized : DeliveryOutcome.Fatal, items, null, e.Message)
                : new DeliveryAnswer<TItem>(DeliveryOutcome.Retry, items, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private void DeadLetter<TItem>(List<TItem> items, int? status, string reason, IBatchSender<TItem> sender) =>
        DeadLetter(items.ConvertAll(item => new RefusedItem<TItem>(item, status, reason)), sender.DocumentOf);


    /// <summary>Each item into the dead-letter file with its own status and reason; counted, and reported with the first one's.</summary>
    private void DeadLetter<TItem>(IReadOnlyList<RefusedItem<TItem>> refused, Func<TItem, OutgoingDocument> documentOf)
    {
        if (refused.Count == 0)
        {
            return;
        }

        foreach (var (item, status, reason) in refused)
        {
            _deadLetters.Write(_output, documentOf(item), status, reason);
        }

        _counters.AddDeadLettered(refused.Count);
        _trouble.DeadLettered(refused.Count, refused[0].Status, refused[0].Reason);
    }
}

/// <summary>How long a transient failure is retried before its items are dead-lettered, and the backoff between tries.</summary>
/// <param name="KeepTryingRefused">A refused batch is tried again for as long as it takes (<c>run</c>: the spool holds
/// it) instead of ending delivery (<c>ship</c>).</param>
internal sealed record DeliveryPolicy(TimeSpan RetryFor, TimeSpan BaseDelay, TimeSpan MaxDelay, bool KeepTryingRefused = false);

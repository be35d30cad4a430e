using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>
/// Ships batches with <c>_bulk</c> <c>create</c> requests through the official client. Retries are ours (the client
/// does not retry): whole-request 429/5xx/network errors and item-level 429s are retried with exponential backoff
/// and full jitter up to <see cref="ElasticsearchSettings.RetryFor"/>; 413 splits the batch; a 409 item counts as
/// already present; other rejected items, and whatever is left when retries run out, go to the dead-letter file
/// with the server's reason; 401/403 stop at once.
/// </summary>
internal sealed class ElasticsearchOutput : IDocumentOutput
{
    /// <summary>Bulk bodies are written straight to the connection (chunked), not first copied into a buffer by the client.</summary>
    private static readonly RequestConfiguration BulkRequest = new()
    {
        ContentType = "application/vnd.elasticsearch+x-ndjson;compatible-with=9",
        TransferEncodingChunked = true,
    };

    private readonly ElasticsearchSettings _settings;
    private readonly ElasticsearchClient _client;
    private readonly DeadLetterFile _deadLetters;
    private readonly DeadlineRetry _retry;
    private readonly string _bulkPath;
    private bool _productVerified;

    public ElasticsearchOutput(ElasticsearchSettings settings, DeadLetterFile deadLetters, TimeProvider? time = null)
    {
        _settings = settings;
        _client = ElasticsearchClientFactory.Create(settings);

        // The answer is trimmed to each item's status and error: a full answer repeats index, id, version and shard
        // counts for every document, which both ends would write, compress and parse for nothing.
        _bulkPath = $"/{settings.DataStream}/_bulk?{BulkResponseReader.FilterPath}";
        _deadLetters = deadLetters;
        _retry = new DeadlineRetry(new FullJitterBackoff(settings.RetryBaseDelay, settings.RetryMaxDelay), time ?? TimeProvider.System);
    }

    public string Name => "elasticsearch";

    public DeliveryCounters Counters { get; } = new();

    public (int Documents, long Bytes) BatchLimits => (_settings.BatchDocuments, _settings.BatchBytes);

    public async Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, CancellationToken cancellation)
    {
        Counters.AddSent(batch.Count);
        await DeliverPartAsync([.. batch], cancellation).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task DeliverPartAsync(List<OutgoingDocument> documents, CancellationToken cancellation)
    {
        var round = await _retry.RunAsync(documents, _settings.RetryFor, Counters, SendOnceAsync, onRetry: null, cancellation).ConfigureAwait(false);

        switch (round.Kind)
        {
            case BulkRoundKind.Retry:
                DeadLetter(round.Remaining, round.Status, $"not delivered within {_settings.RetryFor}: {round.Failure}");
                break;
            case BulkRoundKind.Rejected:
                DeadLetter(round.Remaining, round.Status, round.Failure);
                break;
            case BulkRoundKind.TooLarge when round.Remaining.Count == 1:
                DeadLetter(round.Remaining, 413, "413 Request Entity Too Large: this one document exceeds the cluster's http.max_content_length");
                break;
            case BulkRoundKind.TooLarge:
                int half = round.Remaining.Count / 2;
                await DeliverPartAsync(round.Remaining[..half], cancellation).ConfigureAwait(false);
                await DeliverPartAsync(round.Remaining[half..], cancellation).ConfigureAwait(false);
                break;
            case BulkRoundKind.Fatal:
                throw new OutputFatalException($"Elasticsearch refused the request: {round.Failure}");
        }
    }

    private async Task<BulkRound> SendOnceAsync(List<OutgoingDocument> documents, CancellationToken cancellation)
    {
        if (!_productVerified && await VerifyProductAsync(cancellation).ConfigureAwait(false) is string refusal)
        {
            return new BulkRound(BulkRoundKind.Fatal, documents, null, refusal);
        }

        BytesResponse response;
        try
        {
            var body = PostData.StreamHandler(documents, BulkRequestBody.WriteTo, BulkRequestBody.WriteToAsync);
            response = await _client.Transport.RequestAsync<BytesResponse>(
                Elastic.Transport.HttpMethod.POST, _bulkPath, body, BulkRequest, cancellation)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NoAnswer(documents, e);
        }

        var details = response.ApiCallDetails;
        if (details.HttpStatusCode is not int status)
        {
            return NoAnswer(documents, details.OriginalException);
        }

        byte[] answer = response.Body ?? [];
        return status switch
        {
            200 => Settle(documents, answer),
            413 => new BulkRound(BulkRoundKind.TooLarge, documents, status, "413 Request Entity Too Large"),
            401 or 403 => new BulkRound(BulkRoundKind.Fatal, documents, status, BulkResponseReader.ErrorOf(status, answer)),
            408 or 429 or >= 500 => new BulkRound(BulkRoundKind.Retry, documents, status, BulkResponseReader.ErrorOf(status, answer)),
            _ => new BulkRound(BulkRoundKind.Rejected, documents, status, BulkResponseReader.ErrorOf(status, answer)),
        };
    }

    /// <summary>
    /// The client's product check (the server must say <c>X-Elastic-Product: Elasticsearch</c>) runs on its typed
    /// calls, not on the raw <c>_bulk</c> we send, so it is asked for once with a ping (<c>HEAD /</c>) before the
    /// first bulk. A ping has no body to deserialize (an info call's answer cost 0.1-0.15 s of JIT-compiled
    /// serializer code at every start); a refused ping is asked again with an info call for the server's reason.
    /// </summary>
    /// <returns>A reason to stop, or null (verified, or not reachable yet: the bulk's own retries handle that).</returns>
    private async Task<string?> VerifyProductAsync(CancellationToken cancellation)
    {
        try
        {
            var ping = await _client.PingAsync(cancellation).ConfigureAwait(false);
            if (ping.IsValidResponse)
            {
                _productVerified = true;
                return null;
            }

            if (ping.ApiCallDetails.HttpStatusCode is not (401 or 403))
            {
                return null;
            }

            var info = await _client.InfoAsync(cancellation).ConfigureAwait(false);
            int? status = info.ApiCallDetails.HttpStatusCode;
            return status is 401 or 403
                ? BulkResponseReader.ErrorOf(status.Value, info.ApiCallDetails.ResponseBodyInBytes ?? [])
                : null;
        }
        catch (Exception e) when (IsProductCheck(e))
        {
            return e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Counts created and already-present items, dead-letters refused ones, keeps retryable ones.</summary>
    private BulkRound Settle(List<OutgoingDocument> documents, byte[] answer)
    {
        var items = BulkResponseReader.ReadItems(answer, documents.Count);
        if (items is null)
        {
            return new BulkRound(BulkRoundKind.Retry, documents, 200, "the bulk answer did not list every document");
        }

        var retry = new List<OutgoingDocument>();
        string failure = string.Empty;
        for (int i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Created)
            {
                Counters.AddCreated(1);
            }
            else if (item.AlreadyPresent)
            {
                Counters.AddAlreadyPresent(1);
            }
            else if (item.Retryable)
            {
                retry.Add(documents[i]);
                failure = item.Reason;
            }
            else
            {
                DeadLetter([documents[i]], item.Status, item.Reason);
            }
        }

        return retry.Count == 0 ? BulkRound.Done : new BulkRound(BulkRoundKind.Retry, retry, 429, failure);
    }

    private void DeadLetter(IEnumerable<OutgoingDocument> documents, int? status, string reason)
    {
        foreach (var document in documents)
        {
            _deadLetters.Write(Name, document, status, reason);
            Counters.AddDeadLettered(1);
        }
    }

    /// <summary>No HTTP answer: a network error is worth retrying, a refused product or certificate is not.</summary>
    private static BulkRound NoAnswer(List<OutgoingDocument> documents, Exception? e)
    {
        if (IsProductCheck(e))
        {
            return new BulkRound(BulkRoundKind.Fatal, documents, null, e!.Message);
        }

        if (Find<System.Security.Authentication.AuthenticationException>(e) is { } tls)
        {
            return new BulkRound(BulkRoundKind.Fatal, documents, null,
                $"TLS: {tls.Message} (trust the cluster's CA with --es-ca-cert FILE or --es-fingerprint SHA256)");
        }

        return new BulkRound(BulkRoundKind.Retry, documents, null, $"network error: {e?.Message ?? "no answer"}");
    }

    private static T? Find<T>(Exception? e)
        where T : Exception => e switch
        {
            null => null,
            T found => found,
            _ => Find<T>(e.InnerException),
        };

    private static bool IsProductCheck(Exception? e) =>
        e is not null && (e.GetType().Name.Contains("UnsupportedProduct", StringComparison.Ordinal)
            || IsProductCheck(e.InnerException));
}

using System.Collections.Concurrent;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using EsaBridge.Delivery;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Ships batches with <c>_bulk</c> <c>create</c> requests through the official client, and classifies each answer
/// for the <see cref="DeliveryEngine"/>, whose retries are the only ones (the client does not retry): whole-request
/// 408/429/5xx/network errors and item-level 429s are retried; 413 splits the batch; a 409 item counts as already present;
/// other rejected items go to the dead-letter file with the server's reason; 401/403 are refused credentials.</summary>
internal sealed class ElasticsearchOutput(ElasticsearchSettings settings) : IDocumentOutput, IBatchSender<OutgoingDocument>
{
    /// <summary>Bulk bodies are written straight to the connection (chunked), not first copied into a buffer by the client.</summary>
    private static readonly RequestConfiguration BulkRequest = new()
    {
        ContentType = "application/vnd.elasticsearch+x-ndjson;compatible-with=9",
        TransferEncodingChunked = true,
    };

    /// <summary>A body gzipped ahead: sent with its length, and marked so <see cref="GzipFastestHandler"/> only labels it.</summary>
    private static readonly RequestConfiguration GzippedBulkRequest = new()
    {
        ContentType = BulkRequest.ContentType,
        Headers = new() { [GzipFastestHandler.GzippedAheadHeader] = "1" },
    };

    private readonly ElasticsearchSettings _settings = settings;

    // Reused between batches (two are in flight and one is prepared): a gzipped body is a few hundred kilobytes, and
    // fresh large arrays cost page faults and full collections.
    private readonly ConcurrentBag<MemoryStream> _bodyBuffers = [];
    private readonly ElasticsearchClient _client = ElasticsearchClientFactory.Create(settings);
    private readonly BulkRequestBody _body = new(settings.ConnectionDataStream);

    // The answer is trimmed to each item's status and error: a full answer repeats index, id, version and shard
    // counts for every document, which both ends would write, compress and parse for nothing.
    private readonly string _bulkPath = $"/{settings.DataStream}/_bulk?{BulkResponseReader.FilterPath}";
    private bool _productVerified;

    public string Name => "elasticsearch";

    /// <summary>The client the output sends with, for other calls to the same cluster (the template check of <c>ship</c>).</summary>
    public ElasticsearchClient Client => _client;

    public DeliveryCounters Counters { get; } = new();

    public DeliveryTrouble Trouble { get; } = new();

    public (int Documents, long Bytes) BatchLimits => (_settings.BatchDocuments, _settings.BatchBytes);

    public string ServerName => "Elasticsearch";

    public string ItemsName => "documents";

    private const string TrustHint = "trust the cluster's CA with --es-ca-cert FILE or --es-fingerprint SHA256";

    public Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, DeliveryEngine engine, CancellationToken cancellation) =>
        DeliverAsync(batch, prepared: null, engine, cancellation);

    /// <summary>The bulk body gzipped ahead, when compression is on (without it, the body is written as it is sent).</summary>
    public IPreparedBatch? Prepare(IReadOnlyList<OutgoingDocument> batch) =>
        _settings.Compression ? GzippedBulkBody.Write(batch, _body, _bodyBuffers) : null;

    public async Task DeliverAsync(IReadOnlyList<OutgoingDocument> batch, IPreparedBatch? prepared, DeliveryEngine engine, CancellationToken cancellation)
    {
        Counters.AddSent(batch.Count);
        List<OutgoingDocument> documents = [.. batch];
        await engine.DeliverAsync(documents, new BatchSends(this, documents, prepared as GzippedBulkBody), cancellation).ConfigureAwait(false);
    }

    public OutgoingDocument DocumentOf(OutgoingDocument item) => item;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Asks the cluster once (<c>HEAD /</c>) whether it is there, takes our credentials and is Elasticsearch, so
    /// a wrong address, a refused certificate or key is one clear line at start, not minutes of silent retries.</summary>
    /// <returns>What is wrong, in one line, or null when the cluster answered (a busy one, 429 or 5xx, is left to the
    /// bulk requests' retries within <see cref="ElasticsearchSettings.RetryFor"/>).</returns>
    public async Task<OutputFatalException?> CheckAsync(CancellationToken cancellation)
    {
        string where = $"Elasticsearch at {string.Join(", ", _settings.Urls.Select(Printable))}";
        Exception? failure;
        int? status;
        try
        {
            var ping = await _client.PingAsync(cancellation).ConfigureAwait(false);
            if (ping.IsValidResponse)
            {
                _productVerified = true;
                return null;
            }

            failure = ping.ApiCallDetails.OriginalException;
            status = ping.ApiCallDetails.HttpStatusCode;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
            status = null;
        }

        if (IsProductCheck(failure))
        {
            return new OutputFatalException($"{where}: {failure!.Message} (is --es-url the cluster's address, e.g. https://es:9200?)");
        }

        if (status is 401 or 403)
        {
            string reason = await VerifyProductAsync(cancellation).ConfigureAwait(false) ?? $"HTTP {status}";
            return new OutputFatalException($"{where} refused our credentials: {reason}", authentication: true);
        }

        if (TlsFailures.Find(failure) is { } tls)
        {
            return new OutputFatalException($"{where}: TLS: {TlsFailures.Describe(tls)} ({TrustHint})");
        }

        return status is null
            ? new OutputFatalException($"{where} cannot be reached: {Innermost(failure)} (is it running, and is --es-url its address, e.g. https://es:9200?)")
            : null;
    }

    public Task<DeliveryAnswer<OutgoingDocument>> SendOnceAsync(List<OutgoingDocument> documents, CancellationToken cancellation) =>
        SendOnceAsync(documents, gzipped: null, cancellation);

    /// <param name="gzipped">The body of exactly these documents, gzipped ahead; null: written while sent.</param>
    private async Task<DeliveryAnswer<OutgoingDocument>> SendOnceAsync(List<OutgoingDocument> documents, GzippedBulkBody? gzipped, CancellationToken cancellation)
    {
        if (!_productVerified && await VerifyProductAsync(cancellation).ConfigureAwait(false) is string refusal)
        {
            return new(DeliveryOutcome.Unauthorized, documents, null, refusal);
        }

        BytesResponse response;
        try
        {
            response = gzipped is null
                ? await _client.Transport.RequestAsync<BytesResponse>(
                    Elastic.Transport.HttpMethod.POST, _bulkPath, PostData.StreamHandler(documents, _body.WriteTo, _body.WriteToAsync), BulkRequest, cancellation)
                    .ConfigureAwait(false)
                : await _client.Transport.RequestAsync<BytesResponse>(
                    Elastic.Transport.HttpMethod.POST, _bulkPath, PostData.ReadOnlyMemory(gzipped.Bytes), GzippedBulkRequest, cancellation)
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
            413 => new(DeliveryOutcome.TooLarge, documents, status, "413 Request Entity Too Large: this one document exceeds the cluster's http.max_content_length"),
            401 or 403 => new(DeliveryOutcome.Unauthorized, documents, status, BulkResponseReader.ErrorOf(status, answer)),
            408 or 429 or >= 500 => new(DeliveryOutcome.Retry, documents, status, BulkResponseReader.ErrorOf(status, answer)),
            _ => new(DeliveryOutcome.Rejected, documents, status, BulkResponseReader.ErrorOf(status, answer)),
        };
    }

    /// <summary>The client's product check (the server must say <c>X-Elastic-Product: Elasticsearch</c>) runs on its
    /// typed calls, not on the raw <c>_bulk</c> we send, so it is asked for once with a ping (<c>HEAD /</c>) before the
    /// first bulk. A ping has no body to deserialize (an info call's answer cost 0.1-0.15 s of JIT-compiled serializer
    /// code at every start); a refused ping is asked again with an info call for the server's reason.</summary>
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
    private DeliveryAnswer<OutgoingDocument> Settle(List<OutgoingDocument> documents, byte[] answer)
    {
        var items = BulkResponseReader.ReadItems(answer, documents.Count);
        if (items is null)
        {
            return new(DeliveryOutcome.Retry, documents, 200, "the bulk answer did not list every document");
        }

        var retry = new List<OutgoingDocument>();
        string failure = string.Empty;
        var refused = new List<RefusedItem<OutgoingDocument>>();
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
                refused.Add(new(documents[i], item.Status, item.Reason));
            }
        }

        return retry.Count == 0
            ? DeliveryAnswer<OutgoingDocument>.Done with { Refused = refused }
            : new(DeliveryOutcome.Retry, retry, 429, failure) { Refused = refused };
    }

    /// <summary>No HTTP answer: a network error is worth retrying, a refused product or certificate is not.</summary>
    private static DeliveryAnswer<OutgoingDocument> NoAnswer(List<OutgoingDocument> documents, Exception? e)
    {
        if (IsProductCheck(e))
        {
            return new(DeliveryOutcome.Fatal, documents, null, e!.Message);
        }

        return TlsFailures.Find(e) is { } tls
            ? new(DeliveryOutcome.Fatal, documents, null, $"TLS: {TlsFailures.Describe(tls)} ({TrustHint})")
            : new(DeliveryOutcome.Retry, documents, null, $"network error: {Innermost(e)}");
    }

    /// <summary>The deepest message: "Connection refused (127.0.0.1:9200)", not the transport's "see inner exception".</summary>
    private static string Innermost(Exception? e) => e switch
    {
        null => "no answer",
        { InnerException: { } inner } => Innermost(inner),
        _ => e.Message,
    };

    /// <summary>A node's address without any user info a user may have put in it.</summary>
    private static string Printable(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static bool IsProductCheck(Exception? e) =>
        e is not null && (e.GetType().Name.Contains("UnsupportedProduct", StringComparison.Ordinal)
            || IsProductCheck(e.InnerException));

    /// <summary>One batch's sends: a send of the whole batch (the first, or a retry of all of it) takes the body gzipped
    /// ahead; a send of some of its documents (item retries, halves after a 413) writes its own.</summary>
    private sealed class BatchSends(ElasticsearchOutput output, List<OutgoingDocument> batch, GzippedBulkBody? gzipped) : IBatchSender<OutgoingDocument>
    {
        public string ServerName => output.ServerName;

        public string ItemsName => output.ItemsName;

        public OutgoingDocument DocumentOf(OutgoingDocument item) => item;

        public Task<DeliveryAnswer<OutgoingDocument>> SendOnceAsync(List<OutgoingDocument> items, CancellationToken cancellation) =>
            output.SendOnceAsync(items, ReferenceEquals(items, batch) ? gzipped : null, cancellation);
    }
}

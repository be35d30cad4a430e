namespace EsaBridge.Delivery;

/// <summary>What an output supplies to the <see cref="DeliveryEngine"/>: send some items once and classify the answer.
/// The engine does the rest (retries with backoff, splitting on 413, dead letters, stopping on a refusal).</summary>
/// <typeparam name="TItem">What the output sends: a document, or a document made into the server's format.</typeparam>
internal interface IBatchSender<TItem>
{
    /// <summary>The server, as messages name it: <c>Elasticsearch</c>, <c>Splunk HEC</c>.</summary>
    string ServerName { get; }

    /// <summary>What the items are called in messages: <c>documents</c>, <c>events</c>.</summary>
    string ItemsName { get; }

    OutgoingDocument DocumentOf(TItem item);

    /// <summary>Sends the items once and classifies the answer. A failure to send is best classified here (a refused
    /// certificate is <see cref="DeliveryOutcome.Fatal"/>); any other exception is retried by the engine.</summary>
    Task<DeliveryAnswer<TItem>> SendOnceAsync(List<TItem> items, CancellationToken cancellation);
}

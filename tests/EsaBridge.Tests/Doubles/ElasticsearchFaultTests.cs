using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Xunit.Abstractions;

namespace EsaBridge.Tests.Doubles;

/// <summary>Scripted faults as the real client experiences them.</summary>
public sealed class ElasticsearchFaultTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(429, "es_rejected_execution_exception")]
    [InlineData(503, "cluster_block_exception")]
    public async Task A_whole_request_failure_applies_nothing_and_the_next_bulk_succeeds(int status, string type)
    {
        await using var es = await EsClient.StartAsync();
        await ElasticsearchClientTests.PutTemplateAsync(es);
        var client = EsClient.For(es);
        es.Faults.FailNextBulk(status);

        var failed = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));
        var retried = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));

        Assert.False(failed.IsValidResponse);
        Assert.Equal(status, failed.ApiCallDetails.HttpStatusCode);
        var error = Assert.IsType<ElasticsearchServerError>(failed.ElasticsearchServerError);
        Assert.Equal(type, error.Error!.Type);
        Assert.True(retried.IsValidResponse);
        Assert.Equal(201, Assert.Single(retried.Items).Status);
        Assert.Equal(1, es.DocumentCount(Ndjson.Stream));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_proxy_error_page_without_the_product_header_does_not_trip_the_product_check(int status)
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        es.Faults.FailNextBulk(status, times: 2);

        var failed = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));
        var again = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));
        var ok = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));

        Assert.Equal(status, failed.ApiCallDetails.HttpStatusCode);
        Assert.Equal(status, again.ApiCallDetails.HttpStatusCode);
        Assert.False(failed.IsValidResponse);
        Assert.Null(failed.ElasticsearchServerError);
        Assert.True(ok.IsValidResponse);
        Assert.Equal([status, status, 200], es.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_dropped_connection_is_a_network_error_on_a_fresh_connection_and_the_next_request_works()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        es.Faults.DropNextBulk();

        var dropped = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));
        var next = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));

        output.WriteLine(dropped.ApiCallDetails.ToString());
        Assert.False(dropped.IsValidResponse);
        Assert.Null(dropped.ApiCallDetails.HttpStatusCode);
        Assert.IsType<HttpRequestException>(dropped.ApiCallDetails.OriginalException);
        Assert.True(next.IsValidResponse);
        Assert.Equal([0, 200], es.Requests.Select(r => r.Status));
        Assert.Equal(1, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task A_drop_after_the_request_was_read_is_reported_even_on_a_pooled_connection_and_never_replayed()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        Assert.True((await client.InfoAsync()).IsValidResponse);
        es.Faults.DropNextBulk();

        var bulk = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));

        var exception = Assert.IsType<HttpRequestException>(bulk.ApiCallDetails.OriginalException);
        output.WriteLine(exception.ToString());
        Assert.IsType<IOException>(exception.InnerException);
        Assert.False(bulk.IsValidResponse);
        Assert.Equal(["GET / 200", "POST /logs-cisco_esa.session-default/_bulk 0"], es.Requests.Select(r => $"{r.Method} {r.PathAndQuery} {r.Status}"));
        Assert.Equal(0, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_after_decompression_gets_413_with_an_empty_body()
    {
        await using var es = await EsClient.StartAsync(o => o.MaxRequestBytes = 1000);
        var client = EsClient.For(es);
        var docs = Enumerable.Range(0, 20).Select(i => ($"d{i}", Ndjson.Doc($"d{i}"))).ToArray();

        var response = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(docs));

        Assert.Equal(413, response.ApiCallDetails.HttpStatusCode);
        Assert.False(response.IsValidResponse);
        Assert.Empty(response.ApiCallDetails.ResponseBodyInBytes ?? []);
        var recorded = Assert.Single(es.Requests);
        Assert.Equal("gzip", recorded.Headers["Content-Encoding"]);
        Assert.True(int.Parse(recorded.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture) < 1000);
        Assert.Equal(0, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task Per_item_429_once_per_id_then_acceptance_and_scripted_parsing_failures_every_time()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        es.Faults.RejectItemsOnce(id => id == "busy");
        es.Faults.RejectItemsAlways(doc => doc["event"]?["id"]?.ToString() == "bad" ? "[1:42] failed to parse field [email.subject]" : null);
        var batch = ElasticsearchClientTests.CreateRequest(("busy", Ndjson.Doc("busy")), ("bad", Ndjson.Doc("bad")), ("fine", Ndjson.Doc("fine")));

        var first = await client.BulkAsync(batch);
        var second = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("busy", Ndjson.Doc("busy")), ("bad", Ndjson.Doc("bad"))));

        Assert.Equal([429, 400, 201], first.Items.Select(i => i.Status));
        Assert.Equal("es_rejected_execution_exception", first.Items.First().Error!.Type);
        Assert.Equal(("document_parsing_exception", "[1:42] failed to parse field [email.subject]"), (first.Items.ElementAt(1).Error!.Type, first.Items.ElementAt(1).Error!.Reason));
        Assert.Equal([201, 400], second.Items.Select(i => i.Status));
        Assert.Equal(["busy", "fine"], es.Documents(Ndjson.Stream).Keys.Order());
    }

    [Fact]
    public async Task FailAll_answers_every_route_until_cleared()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        es.Faults.FailAll(503);

        var ping = await client.PingAsync();
        var info = await client.InfoAsync();
        es.Faults.Clear();
        var after = await client.InfoAsync();

        Assert.Equal(503, ping.ApiCallDetails.HttpStatusCode);
        Assert.Equal(503, info.ApiCallDetails.HttpStatusCode);
        Assert.True(after.IsValidResponse);
    }
}

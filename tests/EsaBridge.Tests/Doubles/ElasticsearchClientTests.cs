using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Doubles;

/// <summary>The real Elastic.Clients.Elasticsearch 9.5 client against the double over loopback HTTP.</summary>
public sealed class ElasticsearchClientTests
{
    [Fact]
    public async Task Ping_and_info_work_and_every_answer_carries_the_product_header()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);

        var ping = await client.PingAsync();
        var info = await client.InfoAsync();

        Assert.True(ping.IsValidResponse);
        Assert.True(info.IsValidResponse);
        Assert.Equal("9.1.0", info.Version.Number);
        Assert.Equal("default", info.Version.BuildFlavor);
        Assert.Equal("You Know, for Search", info.Tagline);
        Assert.Equal(["HEAD /", "GET /"], es.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.All(es.Requests, r => Assert.Equal("ApiKey k", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Without_the_product_header_the_client_throws_UnsupportedProductException_after_the_server_applied_the_request()
    {
        await using var es = await EsClient.StartAsync(o => o.SendProductHeader = false);
        await PutTemplateAsync(es);
        var client = EsClient.For(es);

        var first = await Assert.ThrowsAsync<UnsupportedProductException>(() => client.BulkAsync(CreateRequest(("a", Ndjson.Doc("a")))));
        es.Options.SendProductHeader = true;
        var later = await Assert.ThrowsAsync<UnsupportedProductException>(() => client.InfoAsync());

        Assert.Contains("not a supported distribution of Elasticsearch", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, later.Message);
        Assert.Equal(1, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task The_product_is_checked_once_so_a_later_answer_without_the_header_is_accepted()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        Assert.True((await client.InfoAsync()).IsValidResponse);

        es.Options.SendProductHeader = false;
        var info = await client.InfoAsync();

        Assert.True(info.IsValidResponse);
    }

    [Fact]
    public async Task Bulk_create_into_a_data_stream_stores_gzipped_documents_and_a_replay_conflicts_per_item()
    {
        await using var es = await EsClient.StartAsync();
        await PutTemplateAsync(es);
        var client = EsClient.For(es);
        var request = CreateRequest(("a", Ndjson.Doc("a")), ("b", Ndjson.Doc("b")));

        var first = await client.BulkAsync(request);
        var replay = await client.BulkAsync(CreateRequest(("a", Ndjson.Doc("a")), ("b", Ndjson.Doc("b"))));

        Assert.True(first.IsValidResponse);
        Assert.False(first.Errors);
        Assert.All(first.Items, i => Assert.Equal(201, i.Status));
        Assert.All(first.Items, i => Assert.Equal("created", i.Result));
        Assert.All(first.Items, i => Assert.Matches(@"^\.ds-logs-cisco_esa\.session-default-\d{4}\.\d{2}\.\d{2}-000001$", i.Index));
        Assert.Equal(["a", "b"], first.Items.Select(i => i.Id));
        Assert.Equal([0L, 1L], first.Items.Select(i => i.SeqNo ?? -1));

        Assert.True(replay.Errors);
        Assert.All(replay.Items, i => Assert.Equal(409, i.Status));
        Assert.All(replay.Items, i => Assert.Equal("version_conflict_engine_exception", i.Error!.Type));
        Assert.Equal("[a]: version conflict, document already exists (current version [1])", replay.Items.First().Error!.Reason);

        Assert.Equal(2, es.DocumentCount(Ndjson.Stream));
        Assert.Equal(36_000_000_000L, es.Documents(Ndjson.Stream)["a"]["event"]!["duration"]!.GetValue<long>());
        var sent = es.Requests.First(r => r.PathAndQuery.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal("gzip", sent.Headers["Content-Encoding"]);
        Assert.Equal("application/x-ndjson", sent.Headers["Content-Type"]);
        Assert.Equal("POST /logs-cisco_esa.session-default/_bulk", $"{sent.Method} {sent.PathAndQuery}");
        Assert.EndsWith("\n", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_operations_into_a_data_stream_fail_per_item_and_the_rest_of_the_batch_succeeds()
    {
        await using var es = await EsClient.StartAsync();
        await PutTemplateAsync(es);
        var client = EsClient.For(es);
        var request = new BulkRequest(Ndjson.Stream)
        {
            Operations = [new BulkIndexOperation<JsonObject>(Ndjson.Doc("x")) { Id = "x" }, new BulkCreateOperation<JsonObject>(Ndjson.Doc("y")) { Id = "y" }],
        };

        var response = await client.BulkAsync(request);

        Assert.True(response.Errors);
        var (index, create) = (response.Items.ElementAt(0), response.Items.ElementAt(1));
        Assert.Equal((400, "illegal_argument_exception"), (index.Status, index.Error!.Type));
        Assert.Equal("only write ops with an op_type of create are allowed in data streams", index.Error.Reason);
        Assert.Equal(201, create.Status);
        Assert.Equal(["y"], es.Documents(Ndjson.Stream).Keys);
    }

    [Fact]
    public async Task A_document_without_timestamp_or_with_a_bad_ip_is_a_400_item_and_is_not_stored()
    {
        await using var es = await EsClient.StartAsync();
        await PutTemplateAsync(es);
        var client = EsClient.For(es);
        var noTimestamp = Ndjson.Doc("t");
        noTimestamp.Remove("@timestamp");
        var badIp = Ndjson.Doc("i");
        badIp["source"]!["ip"] = "not-an-ip";

        var response = await client.BulkAsync(CreateRequest(("t", noTimestamp), ("i", badIp), ("ok", Ndjson.Doc("ok"))));

        var items = response.Items.ToList();
        Assert.Equal([400, 400, 201], items.Select(i => i.Status));
        Assert.Equal("document_parsing_exception", items[0].Error!.Type);
        Assert.EndsWith("failed to parse: data stream timestamp field [@timestamp] is missing", items[0].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal("document_parsing_exception", items[1].Error!.Type);
        Assert.Contains("failed to parse field [source.ip] of type [ip] in document with id 'i'", items[1].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal("'not-an-ip' is not an IP string literal.", items[1].Error!.CausedBy!.Reason);
        Assert.Equal(["ok"], es.Documents(Ndjson.Stream).Keys);
    }

    [Fact]
    public async Task A_date_written_in_non_ascii_digits_is_a_400_item_and_the_rest_of_the_bulk_is_indexed()
    {
        await using var es = await EsClient.StartAsync();
        await PutTemplateAsync(es);
        var client = EsClient.For(es);
        var arabicIndicDigits = Ndjson.Doc("d");
        arabicIndicDigits["@timestamp"] = "\u0662\u0660\u0662\u0663-06-01";

        var response = await client.BulkAsync(CreateRequest(("d", arabicIndicDigits), ("ok", Ndjson.Doc("ok"))));

        var items = response.Items.ToList();
        Assert.Equal([400, 201], items.Select(i => i.Status));
        Assert.Equal("document_parsing_exception", items[0].Error!.Type);
        Assert.Contains("failed to parse field [@timestamp] of type [date] in document with id 'd'", items[0].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(["ok"], es.Documents(Ndjson.Stream).Keys);
    }

    [Fact]
    public async Task Without_our_template_the_builtin_logs_template_creates_the_data_stream_and_fills_in_the_timestamp()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es);
        var noTimestamp = Ndjson.Doc("t");
        noTimestamp.Remove("@timestamp");

        var response = await client.BulkAsync(CreateRequest(("t", noTimestamp)));
        var stream = await client.Indices.GetDataStreamAsync(new Elastic.Clients.Elasticsearch.IndexManagement.GetDataStreamRequest(Ndjson.Stream));

        Assert.Equal(201, Assert.Single(response.Items).Status);
        Assert.NotNull(es.Documents(Ndjson.Stream)["t"]["@timestamp"]);
        Assert.True(stream.IsValidResponse);
        Assert.Equal("logs", Assert.Single(stream.DataStreams).Template);
    }

    internal static async Task PutTemplateAsync(ElasticsearchDouble es)
    {
        var client = EsClient.For(es);
        var put = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.PUT, "/_index_template/esabridge", PostData.String(Ndjson.Template));
        Assert.Equal(200, put.ApiCallDetails.HttpStatusCode);
    }

    internal static BulkRequest CreateRequest(params (string Id, JsonObject Doc)[] docs) => new(Ndjson.Stream)
    {
        Operations = [.. docs.Select(d => (IBulkOperation)new BulkCreateOperation<JsonObject>(d.Doc) { Id = d.Id })],
    };
}

namespace EsaBridge.Tests.Doubles;

/// <summary>Wire-level rules of the double checked with plain HTTP: bulk framing, media types, routing, auto-creation.</summary>
public sealed class ElasticsearchWireTests
{
    [Fact]
    public async Task A_bulk_body_without_the_final_newline_is_refused_as_a_whole()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var reply = await raw.SendAsync("POST", "/_bulk", "{\"create\":{\"_index\":\"x\",\"_id\":\"1\"}}\n{\"a\":1}", "application/x-ndjson");

        Assert.Equal(400, reply.Code);
        Assert.Equal("illegal_argument_exception", reply.Json["error"]!["type"]!.ToString());
        Assert.Equal("The bulk request must be terminated by a newline [\\n]", reply.Json["error"]!["reason"]!.ToString());
        Assert.Equal("Elasticsearch", reply.Header("X-Elastic-Product"));
        Assert.Equal(0, es.DocumentCount("x"));
    }

    [Fact]
    public async Task A_gzip_body_is_decompressed_recorded_as_text_and_the_answer_is_gzipped_when_accepted()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url, decompress: false);
        string body = Ndjson.Bulk("create", ("g", Ndjson.Doc("g")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + Ndjson.Stream + "/_bulk") { Content = RawHttp.Content(body, "application/x-ndjson", gzip: true) };
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var reply = await raw.SendAsync(request);

        Assert.Equal(200, reply.Code);
        Assert.Equal("gzip", reply.Header("Content-Encoding"));
        Assert.Equal("application/json", reply.ContentHeaders.ContentType!.MediaType);
        Assert.Equal(body, Assert.Single(es.Requests).Body);
        Assert.Equal("gzip", es.Requests[0].Headers["Content-Encoding"]);
        Assert.Equal(1, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task Media_types_follow_the_compatibility_handshake()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        var compatible = new HttpRequestMessage(HttpMethod.Get, "/");
        compatible.Headers.TryAddWithoutValidation("Accept", "application/vnd.elasticsearch+json;compatible-with=9");
        var tooOld = new HttpRequestMessage(HttpMethod.Get, "/");
        tooOld.Headers.TryAddWithoutValidation("Accept", "application/vnd.elasticsearch+json;compatible-with=7");

        var vendor = await raw.SendAsync(compatible);
        var refused = await raw.SendAsync(tooOld);
        var plain = await raw.SendAsync("PUT", "/_index_template/t", "{}", "text/plain");

        Assert.Equal("application/vnd.elasticsearch+json;compatible-with=9", vendor.ContentHeaders.ContentType!.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal((400, "media_type_header_exception"), (refused.Code, refused.Json["error"]!["type"]!.ToString()));
        Assert.Equal((406, "Content-Type header [text/plain] is not supported"), (plain.Code, plain.Json["error"]!.ToString()));
    }

    [Fact]
    public async Task Unknown_routes_methods_and_parameters_are_refused_like_the_rest_controller()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var noHandler = await raw.SendAsync("POST", "/_nope/deeper/still");
        var method = await raw.SendAsync("DELETE", "/_bulk");
        var parameter = await raw.SendAsync("POST", "/_bulk?bogus=1", "{\"create\":{\"_index\":\"x\"}}\n{}\n", "application/x-ndjson");

        Assert.Equal((400, "no handler found for uri [/_nope/deeper/still] and method [POST]"), (noHandler.Code, noHandler.Json["error"]!.ToString()));
        Assert.Equal(405, method.Code);
        Assert.StartsWith("Incorrect HTTP method for uri [/_bulk] and method [DELETE], allowed: [", method.Json["error"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal((400, "request [/_bulk] contains unrecognized parameter: [bogus]"), (parameter.Code, parameter.Json["error"]!["reason"]!.ToString()));
    }

    [Fact]
    public async Task Without_a_data_stream_template_a_write_creates_a_plain_index_unless_a_data_stream_is_required()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        string body = Ndjson.Bulk("index", ("1", new System.Text.Json.Nodes.JsonObject { ["a"] = 1 }));

        var plain = await raw.SendAsync("POST", "/sessions/_bulk", body, "application/x-ndjson");
        var required = await raw.SendAsync("POST", "/other/_bulk?require_data_stream=true", body, "application/x-ndjson");

        var created = plain.Json["items"]![0]!["index"]!;
        Assert.Equal(("sessions", 201, "created"), (created["_index"]!.ToString(), created["status"]!.GetValue<int>(), created["result"]!.ToString()));
        var missing = required.Json["items"]![0]!["index"]!;
        Assert.Equal(404, missing["status"]!.GetValue<int>());
        Assert.Equal("index_not_found_exception", missing["error"]!["type"]!.ToString());
        Assert.Equal("no such index [other] and [require_data_stream] request flag is [true] and [other] is not a data stream", missing["error"]!["reason"]!.ToString());
        Assert.Equal(1, es.DocumentCount("sessions"));
    }

    [Fact]
    public async Task With_auto_creation_off_a_missing_target_is_a_404_item()
    {
        await using var es = await EsClient.StartAsync(o => o.AutoCreateDataStreams = false);
        using var raw = new RawHttp(es.Url);
        Assert.Equal(200, (await raw.SendAsync("PUT", "/_index_template/esa", Ndjson.Template)).Code);

        var reply = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", ("a", Ndjson.Doc("a"))), "application/x-ndjson");
        var put = await raw.SendAsync("PUT", "/_data_stream/" + Ndjson.Stream);
        var retry = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", ("a", Ndjson.Doc("a"))), "application/x-ndjson");

        var item = reply.Json["items"]![0]!["create"]!;
        Assert.Equal(404, item["status"]!.GetValue<int>());
        Assert.Equal($"no such index [{Ndjson.Stream}] and [action.auto_create_index] is [false]", item["error"]!["reason"]!.ToString());
        Assert.Equal(200, put.Code);
        Assert.Equal(201, retry.Json["items"]![0]!["create"]!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Filter_path_trims_the_answer_like_the_real_server()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        string body = Ndjson.Bulk("create", ("a", Ndjson.Doc("a")), ("a", Ndjson.Doc("a")));

        var reply = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk?filter_path=errors,items.*.error.type,items.*.status", body, "application/x-ndjson");

        Assert.Equal("""{"errors":true,"items":[{"create":{"status":201}},{"create":{"status":409,"error":{"type":"version_conflict_engine_exception"}}}]}""", reply.Text);
    }

    [Theory]
    [InlineData("b", "-took,-errors,-items.*._index,-items.*._version,-items.*.result,-items.*._shards,-items.*._seq_no,-items.*._primary_term", """{"items":[{"create":{"_id":"b","status":201}}]}""")]
    [InlineData("c", "**.status", """{"items":[{"create":{"status":201}}]}""")]
    [InlineData("d", "nothing.here", "{}")]
    [InlineData("e", "items.*._shards,-items.*._shards.*", """{"items":[{"create":{"_shards":{}}}]}""")]
    [InlineData("f", "items.*._sh*", """{"items":[{"create":{"_shards":{"total":2,"successful":1,"failed":0}}}]}""")]
    [InlineData("g", "items.*.status,items.*.error.type,items.*.error.reason", """{"items":[{"create":{"status":201}}]}""")]
    public async Task Filter_path_includes_excludes_and_wildcards_on_a_bulk_answer(string id, string filter, string expected)
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var reply = await raw.SendAsync("POST", $"/{Ndjson.Stream}/_bulk?filter_path={filter}", Ndjson.Bulk("create", (id, Ndjson.Doc(id))), "application/x-ndjson");

        Assert.Equal(200, reply.Code);
        Assert.Equal(expected, reply.Text);
    }

    [Theory]
    [InlineData("items.*.status,items.*.error.type,items.*.error.reason", false)]
    [InlineData("items.*.status", false)]
    [InlineData(" items.*.status , items.*.error ", false)]
    [InlineData("items.*.status,items.*.error.type,items.*.error.reason", true)]
    [InlineData("items.*.status,items.*.error", true)]
    public async Task Filter_path_keeping_status_and_error_gives_every_operation_its_status_and_failures_their_error(string filter, bool withFailure)
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        string body = """
            {"index":{"_id":"a"}}
            {"n":1}
            {"create":{"_id":"b"}}
            {"n":2}
            {"update":{"_id":"a"}}
            {"doc":{"n":3}}
            {"delete":{"_id":"b"}}

            """.Replace("\r\n", "\n", StringComparison.Ordinal) + (withFailure ? "{\"create\":{\"_id\":\"a\"}}\n{\"n\":4}\n" : "");

        var reply = await raw.SendAsync("POST", $"/plain/_bulk?filter_path={filter}", body, "application/x-ndjson");

        const string Done = """{"items":[{"index":{"status":201}},{"create":{"status":201}},{"update":{"status":200}},{"delete":{"status":200}}""";
        Assert.Equal(200, reply.Code);
        if (withFailure)
        {
            Assert.StartsWith(Done + """,{"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[a]: version conflict""", reply.Text, StringComparison.Ordinal);
            Assert.EndsWith("}}}]}", reply.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(Done + "]}", reply.Text);
        }
    }

    [Fact]
    public async Task Filter_path_applies_to_every_answer_and_drops_what_it_does_not_reach()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var info = await raw.SendAsync("GET", "/?filter_path=version.number,tag*,-nothing");
        var empty = await raw.SendAsync("GET", "/?filter_path=version.nothing");

        Assert.Equal("""{"version":{"number":"9.1.0"},"tagline":"You Know, for Search"}""", info.Text);
        Assert.Equal("{}", empty.Text);
    }

    [Fact]
    public async Task A_gzip_body_of_several_members_is_read_whole_whatever_its_trailer_says()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        byte[] first = Gzip(Ndjson.Bulk("create", ("a", Ndjson.Doc("a"))));
        byte[] second = Gzip(Ndjson.Bulk("create", ("b", Ndjson.Doc("b")), ("c", Ndjson.Doc("c"))));
        var content = new ByteArrayContent([.. first, .. second]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");

        var reply = await raw.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Ndjson.Stream}/_bulk") { Content = content });

        Assert.Equal(200, reply.Code);
        Assert.Equal(3, reply.Json["items"]!.AsArray().Count);
        Assert.Equal(3, es.DocumentCount(Ndjson.Stream));
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}

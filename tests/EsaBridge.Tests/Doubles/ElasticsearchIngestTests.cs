using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Doubles;

/// <summary>
/// The double runs a stream's default pipeline on bulk writes as Elasticsearch does for the processors it models;
/// the geoip tags follow GeoIpProcessor.java (modules/ingest-geoip): a processor built without its database tags every
/// document whatever <c>ignore_missing</c> says, one whose database went away later tags only without
/// <c>ignore_missing</c>, and an expired database adds <c>_geoip_expired_database</c> once.
/// </summary>
public class ElasticsearchIngestTests
{
    private const string Template = """
        {"index_patterns":["logs-cisco_esa.session-*"],"data_stream":{},"priority":500,
         "template":{"settings":{"index":{"default_pipeline":"p"}},"mappings":{"properties":{"source":{"properties":{"ip":{"type":"ip"}}}}}}}
        """;

    private const string City = """{"geoip":{"field":"source.ip","target_field":"source.geo","ignore_missing":true}}""";
    private const string Asn = """{"geoip":{"database_file":"GeoLite2-ASN.mmdb","field":"source.ip","target_field":"source.as","properties":["asn","organization_name"],"ignore_missing":true}}""";

    private static readonly GeoIpRecord Known = new("89.160.20.112") { CountryIsoCode = "SE", CityName = "Linköping", Asn = 29518, AsOrganization = "Bredband2 AB" };

    [Fact]
    public async Task A_pipeline_stored_before_the_databases_tags_every_document_whatever_ignore_missing_says_until_they_arrive()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = await Installed(es, City, Asn);

        var before = await Store(es, raw, "a", Document("89.160.20.112"));
        var withoutAddress = await Store(es, raw, "b", Document(null));
        es.GeoIp.MakeAvailable(Known);
        var after = await Store(es, raw, "c", Document("89.160.20.112"));

        Assert.Equal(["_geoip_database_unavailable_GeoLite2-City.mmdb", "_geoip_database_unavailable_GeoLite2-ASN.mmdb"], Tags(before));
        Assert.Equal(Tags(before), Tags(withoutAddress));
        Assert.Null(before["source"]!["geo"]);
        Assert.Null(after["tags"]);
        Assert.Equal(("SE", "Linköping"), ((string?)after["source"]!["geo"]!["country_iso_code"], (string?)after["source"]!["geo"]!["city_name"]));
        Assert.Equal("""{"asn":29518,"organization_name":"Bredband2 AB"}""", after["source"]!["as"]!.ToJsonString());
    }

    [Fact]
    public async Task Databases_gone_after_the_pipeline_was_built_tag_only_processors_without_ignore_missing()
    {
        await using var es = await EsClient.StartAsync();
        es.GeoIp.MakeAvailable(Known);
        using var raw = await Installed(es, City, """{"geoip":{"field":"source.ip","target_field":"other.geo"}}""");
        es.GeoIp.Remove();

        var stored = await Store(es, raw, "a", Document("89.160.20.112"));

        Assert.Equal(["_geoip_database_unavailable_GeoLite2-City.mmdb"], Tags(stored));
        Assert.Null(stored["source"]!["geo"]);
    }

    [Fact]
    public async Task Expired_databases_add_the_expiry_tag_once_even_without_the_field_and_look_nothing_up()
    {
        await using var es = await EsClient.StartAsync();
        es.GeoIp.MakeAvailable(Known);
        es.GeoIp.MakeExpired();
        using var raw = await Installed(es, City, Asn);

        var stored = await Store(es, raw, "a", Document("89.160.20.112"));
        var withoutAddress = await Store(es, raw, "b", Document(null));

        Assert.Equal(["_geoip_expired_database"], Tags(stored));
        Assert.Equal(["_geoip_expired_database"], Tags(withoutAddress));
        Assert.Null(stored["source"]!["geo"]);
    }

    [Fact]
    public async Task Rename_remove_and_set_behave_as_their_processors_and_ignore_failure_skips_a_failed_one()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = await Installed(es,
            """{"set":{"field":"labels.kept","value":"yes"}}""",
            """{"set":{"field":"labels.kept","value":"overwritten","override":false}}""",
            """{"rename":{"field":"event.id","target_field":"labels.id"}}""",
            """{"rename":{"field":"labels.id","target_field":"labels.kept","ignore_failure":true}}""",
            """{"rename":{"field":"nothing","target_field":"labels.nothing","ignore_missing":true}}""",
            """{"remove":{"field":["event"]}}""");

        var stored = await Store(es, raw, "a", Document("192.168.0.200"));
        var failed = await Write(raw, "b", Document("192.168.0.200"), pipeline: """{"processors":[{"rename":{"field":"nothing","target_field":"x"}}]}""");

        Assert.Equal("""{"kept":"yes","id":"a"}""", stored["labels"]!.ToJsonString());
        Assert.Null(stored["event"]);
        Assert.Equal((400, "illegal_argument_exception", "field [nothing] doesn't exist"), failed);
    }

    [Fact]
    public async Task A_pipeline_with_a_processor_the_double_does_not_model_fails_the_whole_request()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = await Installed(es, """{"script":{"source":"ctx.x = 1"}}""");

        var answer = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", ("a", Document("192.168.0.200"))), "application/x-ndjson");

        Assert.Equal(400, answer.Code);
        Assert.Equal("test_double_unmodelled_exception", (string?)answer.Json["error"]!["type"]);
        Assert.Contains("[script] processor", (string?)answer.Json["error"]!["reason"], StringComparison.Ordinal);
        Assert.Equal(0, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task The_built_in_logs_pipeline_still_fills_in_a_missing_timestamp()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        var document = Document("192.168.0.200");
        document.Remove("@timestamp");

        var answer = await raw.SendAsync("POST", "/logs-other-default/_bulk", Ndjson.Bulk("create", ("a", document)), "application/x-ndjson");

        Assert.Equal(201, (int)answer.Json["items"]![0]!["create"]!["status"]!);
        Assert.StartsWith(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)es.Documents("logs-other-default")["a"]["@timestamp"], StringComparison.Ordinal);
    }

    private static JsonObject Document(string? ip)
    {
        var document = Ndjson.Doc("a");
        if (ip is null)
        {
            document.Remove("source");
        }
        else
        {
            document["source"]!["ip"] = ip;
        }

        return document;
    }

    private static async Task<RawHttp> Installed(ElasticsearchDouble es, params string[] processors)
    {
        var raw = new RawHttp(es.Url);
        var pipeline = await raw.SendAsync("PUT", "/_ingest/pipeline/p", $$"""{"processors":[{{string.Join(',', processors)}}]}""");
        var template = await raw.SendAsync("PUT", "/_index_template/esa", Template);
        Assert.Equal((200, 200), (pipeline.Code, template.Code));
        return raw;
    }

    private static async Task<JsonObject> Store(ElasticsearchDouble es, RawHttp raw, string id, JsonObject document)
    {
        var answer = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", (id, document)), "application/x-ndjson");
        Assert.Equal(201, (int)answer.Json["items"]![0]!["create"]!["status"]!);
        return es.Documents(Ndjson.Stream)[id];
    }

    /// <summary>Writes through a pipeline of its own (the bulk request's <c>pipeline</c>) and returns the item's status and error.</summary>
    private static async Task<(int Status, string? Type, string? Reason)> Write(RawHttp raw, string id, JsonObject document, string pipeline)
    {
        await raw.SendAsync("PUT", "/_ingest/pipeline/own", pipeline);
        var answer = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk?pipeline=own", Ndjson.Bulk("create", (id, document)), "application/x-ndjson");
        var item = answer.Json["items"]![0]!["create"]!;
        return ((int)item["status"]!, (string?)item["error"]?["type"], (string?)item["error"]?["reason"]);
    }

    private static List<string> Tags(JsonObject document) => [.. (document["tags"] as JsonArray ?? []).Select(t => t!.GetValue<string>())];
}

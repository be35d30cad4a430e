namespace EsaBridge.Tests.Doubles;

/// <summary>Index and component templates, lifecycle policies, ingest pipelines and data streams as the setup command uses them.</summary>
public sealed class ElasticsearchSetupTests
{
    [Fact]
    public async Task Templates_are_stored_acknowledged_and_rendered_in_the_real_get_shapes()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var component = await raw.SendAsync("PUT", "/_component_template/esa@settings", """{"template":{"settings":{"index.lifecycle.name":"esa","number_of_shards":1}}}""");
        var template = await raw.SendAsync("PUT", "/_index_template/esa", """{"index_patterns":"logs-cisco_esa.session-*","composed_of":["esa@settings"],"priority":500,"data_stream":{}}""");
        var got = await raw.SendAsync("GET", "/_index_template/esa");
        var gotComponent = await raw.SendAsync("GET", "/_component_template/esa@settings");
        var missing = await raw.SendAsync("GET", "/_index_template/nope");

        Assert.Equal("""{"acknowledged":true}""", component.Text);
        Assert.Equal("""{"acknowledged":true}""", template.Text);
        var rendered = got.Json["index_templates"]![0]!;
        Assert.Equal("esa", rendered["name"]!.ToString());
        Assert.Equal("""["logs-cisco_esa.session-*"]""", rendered["index_template"]!["index_patterns"]!.ToJsonString());
        Assert.Equal("""{"hidden":false,"allow_custom_routing":false}""", rendered["index_template"]!["data_stream"]!.ToJsonString());
        Assert.Equal(
            """{"index":{"lifecycle":{"name":"esa"},"number_of_shards":"1"}}""",
            gotComponent.Json["component_templates"]![0]!["component_template"]!["template"]!["settings"]!.ToJsonString());
        Assert.Equal((404, "index template matching [nope] not found"), (missing.Code, missing.Json["error"]!["reason"]!.ToString()));
        Assert.Equal(500, es.IndexTemplates["esa"]["priority"]!.GetValue<int>());
        Assert.True(es.ComponentTemplates.ContainsKey("esa@settings"));
    }

    [Fact]
    public async Task Built_in_definitions_are_on_the_wire_but_only_client_installed_ones_are_listed()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var all = await raw.SendAsync("GET", "/_index_template");
        var logs = await raw.SendAsync("GET", "/_index_template/logs");

        Assert.Contains("logs", all.Json["index_templates"]!.AsArray().Select(t => t!["name"]!.ToString()));
        Assert.Equal("""["logs-*-*"]""", logs.Json["index_templates"]![0]!["index_template"]!["index_patterns"]!.ToJsonString());
        Assert.Empty(es.IndexTemplates);
        Assert.Empty(es.ComponentTemplates);
        Assert.Empty(es.IlmPolicies);
        Assert.Empty(es.IngestPipelines);
    }

    [Fact]
    public async Task Overlapping_patterns_at_equal_priority_missing_components_and_unknown_types_are_refused()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);

        var sameAsBuiltIn = await raw.SendAsync("PUT", "/_index_template/esa", """{"index_patterns":["logs-cisco_esa.session-*"],"priority":100,"data_stream":{}}""");
        var noComponent = await raw.SendAsync("PUT", "/_index_template/esa", """{"index_patterns":["esa-*"],"composed_of":["esa@mappings"]}""");
        var badType = await raw.SendAsync("PUT", "/_component_template/esa@mappings", """{"template":{"mappings":{"properties":{"email":{"properties":{"message_id":{"type":"wilcard"}}}}}}}""");

        Assert.Equal((400, "illegal_argument_exception"), (sameAsBuiltIn.Code, sameAsBuiltIn.Json["error"]!["type"]!.ToString()));
        Assert.StartsWith("index template [esa] has index patterns [logs-cisco_esa.session-*] matching patterns from existing templates [logs]", sameAsBuiltIn.Json["error"]!["reason"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            "index_template [esa] invalid, cause [index template [esa] specifies component templates [esa@mappings] that do not exist]",
            noComponent.Json["error"]!["reason"]!.ToString());
        Assert.Equal("No handler for type [wilcard] declared on field [message_id]", badType.Json["error"]!["root_cause"]![0]!["reason"]!.ToString());
        Assert.False(es.IndexTemplates.ContainsKey("esa"));
    }

    [Fact]
    public async Task Lifecycle_policies_and_pipelines_are_validated_versioned_and_rendered()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        const string Policy = """{"policy":{"phases":{"hot":{"actions":{"rollover":{"max_age":"1d"}}},"delete":{"min_age":"30d","actions":{"delete":{}}}}}}""";

        await raw.SendAsync("PUT", "/_ilm/policy/esa", Policy);
        var again = await raw.SendAsync("PUT", "/_ilm/policy/esa", Policy);
        var policy = await raw.SendAsync("GET", "/_ilm/policy/esa");
        var badAction = await raw.SendAsync("PUT", "/_ilm/policy/bad", """{"policy":{"phases":{"delete":{"actions":{"rollover":{"max_age":"1d"}}}}}}""");
        var pipeline = await raw.SendAsync("PUT", "/_ingest/pipeline/esa-geoip", """{"processors":[{"geoip":{"field":"source.ip","target_field":"source.geo"}}]}""");
        var noField = await raw.SendAsync("PUT", "/_ingest/pipeline/bad", """{"processors":[{"geoip":{"target_field":"source.geo"}}]}""");
        var gotPipeline = await raw.SendAsync("GET", "/_ingest/pipeline/esa-geoip");
        var missingPipeline = await raw.SendAsync("GET", "/_ingest/pipeline/none");
        var missingPolicy = await raw.SendAsync("GET", "/_ilm/policy/none");

        Assert.Equal(200, again.Code);
        Assert.Equal(2, policy.Json["esa"]!["version"]!.GetValue<int>());
        Assert.Equal("0ms", policy.Json["esa"]!["policy"]!["phases"]!["hot"]!["min_age"]!.ToString());
        Assert.NotNull(policy.Json["esa"]!["modified_date"]);
        Assert.Equal("invalid action [rollover] defined in phase [delete]", badAction.Json["error"]!["reason"]!.ToString());
        Assert.Equal(200, pipeline.Code);
        Assert.Equal((400, "[field] required property is missing"), (noField.Code, noField.Json["error"]!["reason"]!.ToString()));
        Assert.Equal("source.ip", gotPipeline.Json["esa-geoip"]!["processors"]![0]!["geoip"]!["field"]!.ToString());
        Assert.Equal((404, "{}"), (missingPipeline.Code, missingPipeline.Text));
        Assert.Equal((404, "Lifecycle policy not found: [none]"), (missingPolicy.Code, missingPolicy.Json["error"]!["reason"]!.ToString()));
        Assert.True(es.IlmPolicies.ContainsKey("esa"));
        Assert.True(es.IngestPipelines.ContainsKey("esa-geoip"));
    }

    [Fact]
    public async Task A_default_pipeline_that_does_not_exist_fails_each_item_and_the_data_stream_reports_its_policy()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url);
        await raw.SendAsync("PUT", "/_index_template/esa", """
            {"index_patterns":["logs-cisco_esa.session-*"],"priority":500,"data_stream":{},
             "template":{"settings":{"index":{"default_pipeline":"esa-geoip","lifecycle":{"name":"esa"}}}}}
            """);

        var failed = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", ("a", Ndjson.Doc("a"))), "application/x-ndjson");
        await raw.SendAsync("PUT", "/_ingest/pipeline/esa-geoip", """{"processors":[{"geoip":{"field":"source.ip"}}]}""");
        var stored = await raw.SendAsync("POST", "/" + Ndjson.Stream + "/_bulk", Ndjson.Bulk("create", ("a", Ndjson.Doc("a"))), "application/x-ndjson");
        var stream = await raw.SendAsync("GET", "/_data_stream/" + Ndjson.Stream);
        var none = await raw.SendAsync("GET", "/_data_stream/logs-none-default");

        Assert.Equal("pipeline with id [esa-geoip] does not exist", failed.Json["items"]![0]!["create"]!["error"]!["reason"]!.ToString());
        Assert.Equal(201, stored.Json["items"]![0]!["create"]!["status"]!.GetValue<int>());
        var rendered = stream.Json["data_streams"]![0]!;
        Assert.Equal(("esa", "esa", "@timestamp"), (rendered["template"]!.ToString(), rendered["ilm_policy"]!.ToString(), rendered["timestamp_field"]!["name"]!.ToString()));
        Assert.StartsWith(".ds-" + Ndjson.Stream + "-", rendered["indices"]![0]!["index_name"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal((404, "index_not_found_exception"), (none.Code, none.Json["error"]!["type"]!.ToString()));
    }
}

using System.Text.Json.Nodes;
using EsaBridge.Core.Documents;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Tests.Assets;

/// <summary>The index template, its component templates, the lifecycle policy and the ingest pipeline, as shipped.</summary>
public class ElasticsearchAssetTests
{
    public static TheoryData<string> AllJsonAssets()
    {
        var data = new TheoryData<string> { "index-template", "ilm-policy", "ingest-pipeline" };
        foreach (var (name, _) in ShippedAssets.ComponentTemplates)
        {
            data.Add("component:" + name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllJsonAssets))]
    public void EveryAssetIsAJsonObject(string asset)
    {
        string json = asset switch
        {
            "index-template" => ShippedAssets.IndexTemplate,
            "ilm-policy" => ShippedAssets.IlmPolicy,
            "ingest-pipeline" => ShippedAssets.IngestPipeline,
            _ => Assert.Single(ShippedAssets.ComponentTemplates, c => "component:" + c.Name == asset).Json,
        };

        var o = AssetJson.Parse(json);

        Assert.NotEmpty(o);
    }

    [Fact]
    public void TheComponentTemplatesAreTheMappingsAndTheSettings()
    {
        Assert.Equal(
            [AssetJson.ConnectionMappingsComponent, AssetJson.ConnectionSettingsComponent, AssetJson.MappingsComponent, AssetJson.SettingsComponent],
            ShippedAssets.ComponentTemplates.Select(c => c.Name));
        foreach (var (name, json) in ShippedAssets.ComponentTemplates)
        {
            var o = AssetJson.Parse(json);
            Assert.True(o["template"] is JsonObject, name);
            Assert.True(o["_meta"]?["description"] is JsonValue, name);
            Assert.True((int)o["version"]! >= 1, name);
        }

        // Contract 2 added fields: the mappings' version says so, the settings' did not change.
        Assert.Equal(2, (int)AssetJson.Parse(ShippedAssets.ComponentTemplates.Single(c => c.Name == AssetJson.MappingsComponent).Json)["version"]!);
    }

    [Fact]
    public void TheIndexTemplateMakesADataStreamFromExactlyTheShippedComponents()
    {
        var t = AssetJson.Parse(ShippedAssets.IndexTemplate);

        Assert.Equal("logs-cisco_esa.session", ShippedAssets.IndexTemplateName);
        Assert.Equal(["logs-cisco_esa.session-*"], t["index_patterns"]!.AsArray().Select(p => (string)p!));
        Assert.Empty(t["data_stream"]!.AsObject());
        Assert.Equal(
            [AssetJson.MappingsComponent, AssetJson.SettingsComponent, "logs@custom", "logs-cisco_esa.session@custom"],
            t["composed_of"]!.AsArray().Select(c => (string)c!));
        Assert.True((int)t["priority"]! > 500, "priority must beat logs-*-* (100) and Fleet templates: above 500");
        Assert.True(t["_meta"] is JsonObject);
        Assert.Null(t["template"]);
    }

    /// <summary>The connection documents' template follows the session one's conventions with its own components; the
    /// settings are the same (lifecycle policy, geoip pipeline, standard mode), so one retention covers both streams
    /// unless a site names another policy in <c>logs-cisco_esa.connection@custom</c>.</summary>
    [Fact]
    public void TheConnectionTemplateIsTheSessionOnesTwinWithItsOwnMappings()
    {
        var session = AssetJson.Parse(ShippedAssets.IndexTemplate);
        var connection = AssetJson.Parse(ShippedAssets.ConnectionIndexTemplate);
        var connectionSettings = AssetJson.Component(AssetJson.ConnectionSettingsComponent)["template"]!;
        var mappings = AssetJson.Component(AssetJson.ConnectionMappingsComponent)["template"]!["mappings"]!;

        Assert.Equal("logs-cisco_esa.connection", ShippedAssets.ConnectionIndexTemplateName);
        Assert.Equal(["logs-cisco_esa.connection-*"], connection["index_patterns"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(
            [AssetJson.ConnectionMappingsComponent, AssetJson.ConnectionSettingsComponent, "logs@custom", "logs-cisco_esa.connection@custom"],
            connection["composed_of"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["logs@custom", "logs-cisco_esa.connection@custom"], connection["ignore_missing_component_templates"]!.AsArray().Select(c => (string)c!));
        foreach (string same in (string[])["priority", "allow_auto_create", "data_stream"])
        {
            Assert.True(JsonNode.DeepEquals(session[same], connection[same]), same);
        }

        Assert.True(JsonNode.DeepEquals(AssetJson.Component(AssetJson.SettingsComponent)["template"], connectionSettings));
        Assert.Equal("cisco_esa.connection", (string)mappings["properties"]!["data_stream"]!["properties"]!["dataset"]!["value"]!);
        Assert.Equal("long", (string)mappings["properties"]!["cisco"]!["properties"]!["esa"]!["properties"]!["mids"]!["type"]!);
        Assert.Equal("ip", (string)mappings["properties"]!["source"]!["properties"]!["ip"]!["type"]!);
    }

    /// <summary>
    /// Elastic's convention (the built-in <c>logs</c> template and every Fleet integration): the template composes
    /// <c>&lt;type&gt;-&lt;dataset&gt;@custom</c> (and <c>logs@custom</c>) last, listed in
    /// <c>ignore_missing_component_templates</c> so the template installs while they do not exist; setup never
    /// writes them, so a site's settings there survive every upgrade. <c>allow_auto_create: true</c> as the built-in
    /// <c>logs</c> template sets it, so a cluster whose <c>action.auto_create_index</c> is restricted still creates
    /// the data stream on the first write.
    /// </summary>
    [Fact]
    public void TheTemplateComposesTheSitesCustomComponentsLastAndMayCreateTheStream()
    {
        var t = AssetJson.Parse(ShippedAssets.IndexTemplate);
        var composed = t["composed_of"]!.AsArray().Select(c => (string)c!).ToList();
        var ignored = t["ignore_missing_component_templates"]!.AsArray().Select(c => (string)c!).ToList();

        Assert.Equal(["logs@custom", $"{ShippedAssets.IndexTemplateName}@custom"], ignored);
        Assert.Equal(ignored, composed.TakeLast(2));
        Assert.All(ignored, name => Assert.DoesNotContain(name, ShippedAssets.ComponentTemplates.Select(c => c.Name)));
        Assert.True((bool)t["allow_auto_create"]!);
    }

    /// <summary>
    /// Elasticsearch 9's LogsdbIndexModeSettingsProvider injects <c>index.mode: logsdb</c> into every data stream
    /// matching <c>logs-*-*</c> "if resolveIndexMode(settings.get(index.mode)) == null", and logsdb sets
    /// <c>index.mapping.ignore_malformed</c> to true (a non-IP in <c>source.ip</c> silently dropped instead of the
    /// document rejected and dead-lettered) and sorts on an injected <c>host.name</c>. The settings name the mode,
    /// so every version builds the same index.
    /// </summary>
    [Fact]
    public void TheSettingsNameTheIndexModeSoElasticsearch9DoesNotPickLogsdb()
    {
        var index = AssetJson.Component(AssetJson.SettingsComponent)["template"]!["settings"]!["index"]!;
        string pattern = (string)AssetJson.Parse(ShippedAssets.IndexTemplate)["index_patterns"]![0]!;

        Assert.StartsWith("logs-", pattern, StringComparison.Ordinal);
        Assert.Equal("standard", (string)index["mode"]!);
        Assert.Null(index["mapping"]?["ignore_malformed"]);
    }

    /// <summary>
    /// Elasticsearch's geoip processor appends <c>_geoip_database_unavailable_&lt;file&gt;</c> (built without its
    /// database) and <c>_geoip_expired_database</c> to <c>tags</c> (GeoIpProcessor.java); the pipeline removes the field
    /// after the lookups, without failing the document, and may remove all of it because the session document never
    /// has <c>tags</c> of its own. What the stored documents look like is in IngestPipelineShipTests.
    /// </summary>
    [Fact]
    public void ThePipelineRemovesTheTagsTheGeoipProcessorAddsWithoutItsDatabase()
    {
        var processors = AssetJson.Parse(ShippedAssets.IngestPipeline)["processors"]!.AsArray().Select(p => p!.AsObject().Single()).ToList();
        int lastGeoip = processors.FindLastIndex(p => p.Key == "geoip");
        int removal = processors.FindIndex(p => (string?)p.Value!["tag"] == "remove_geoip_tags");

        Assert.True(removal > lastGeoip, "the tags must be removed after the last geoip processor");
        var remove = processors[removal].Value!;
        Assert.Equal("remove", processors[removal].Key);
        Assert.Equal("tags", (string)remove["field"]!);
        Assert.True((bool)remove["ignore_missing"]!);
        Assert.True((bool)remove["ignore_failure"]!);
        Assert.DoesNotContain(SessionFields.All, f => f.Path == "tags" || f.Path.StartsWith("tags.", StringComparison.Ordinal));
        Assert.DoesNotContain("left unchanged", File.ReadAllText(AssetJson.RepositoryFile("mappings", "README.md")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Runtime fields run their script on every document of every search; the three the dashboards use are indexed
    /// keywords instead, written by EsaBridge into the document itself, so the pipeline runs no script at all.
    /// </summary>
    [Fact]
    public void TheDerivedFieldsAreInTheDocumentNotComputedAtSearchOrIngestTime()
    {
        var mappings = AssetJson.Component(AssetJson.MappingsComponent)["template"]!["mappings"]!;
        var processors = AssetJson.Parse(ShippedAssets.IngestPipeline)["processors"]!.AsArray().Select(p => p!.AsObject().Single().Key);

        Assert.Null(mappings["runtime"]);
        Assert.DoesNotContain(AssetJson.MappedFields, f => f.Value.Runtime);
        Assert.DoesNotContain("script", processors);
        foreach (string field in (string[])["cisco.esa.sender_domain", "cisco.esa.recipient_domain", "cisco.esa.connection.tls_label"])
        {
            Assert.Equal("keyword", AssetJson.MappedFields[field].Type);
            Assert.Contains(SessionFields.All, f => f.Path == field);
            Assert.DoesNotContain(field, SessionFields.AddedByElasticsearch);
        }
    }

    [Fact]
    public void TheDefaultDataStreamMatchesThePatternAndItsDatasetHasNoDash()
    {
        string pattern = (string)AssetJson.Parse(ShippedAssets.IndexTemplate)["index_patterns"]![0]!;
        const string stream = "logs-cisco_esa.session-default";

        Assert.EndsWith("*", pattern, StringComparison.Ordinal);
        Assert.StartsWith(pattern[..^1], stream, StringComparison.Ordinal);
        Assert.Equal(3, stream.Split('-').Length);
    }

    [Fact]
    public void TheSettingsAttachTheShippedPolicyAndPipeline()
    {
        var index = AssetJson.Component(AssetJson.SettingsComponent)["template"]!["settings"]!["index"]!;

        Assert.Equal(ShippedAssets.IlmPolicyName, (string)index["lifecycle"]!["name"]!);
        Assert.Equal(ShippedAssets.IngestPipelineName, (string)index["default_pipeline"]!);
        Assert.Equal("best_compression", (string)index["codec"]!);
        Assert.Null(index["number_of_replicas"]);
        Assert.Null(index["number_of_shards"]);
    }

    [Fact]
    public void TheMappingsIndexUnknownFieldsAsKeywordRatherThanDroppingThem()
    {
        var mappings = AssetJson.Component(AssetJson.MappingsComponent)["template"]!["mappings"]!;

        Assert.True((bool)mappings["dynamic"]!);
        Assert.False((bool)mappings["date_detection"]!);
        var strings = Assert.Single(mappings["dynamic_templates"]!.AsArray())!["strings_as_keyword"]!;
        Assert.Equal("string", (string)strings["match_mapping_type"]!);
        Assert.Equal("keyword", (string)strings["mapping"]!["type"]!);
    }

    [Fact]
    public void TheLifecyclePolicyRollsOverThenDeletes()
    {
        var phases = AssetJson.Parse(ShippedAssets.IlmPolicy)["policy"]!["phases"]!;

        Assert.Equal("esabridge-session", ShippedAssets.IlmPolicyName);
        var rollover = phases["hot"]!["actions"]!["rollover"]!;
        Assert.Equal("50gb", (string)rollover["max_primary_shard_size"]!);
        Assert.Equal("30d", (string)rollover["max_age"]!);
        Assert.Equal("90d", (string)phases["delete"]!["min_age"]!);
        Assert.True(phases["delete"]!["actions"]!["delete"] is JsonObject);
    }

    [Fact]
    public void ThePipelineAddsGeoAndAsFromTheSourceIpAndNeverFailsTheDocument()
    {
        var pipeline = AssetJson.Parse(ShippedAssets.IngestPipeline);
        var processors = pipeline["processors"]!.AsArray().Select(p => p!.AsObject().Single()).ToList();

        Assert.Equal("esabridge-session-geoip", ShippedAssets.IngestPipelineName);
        Assert.Null(pipeline["on_failure"]);
        Assert.All(processors, p => Assert.Null(p.Value!["on_failure"]));
        Assert.All(processors, p => Assert.True((bool?)p.Value!["ignore_failure"] ?? false, p.Key));

        var geoip = processors.Where(p => p.Key == "geoip").Select(p => p.Value!).ToList();
        Assert.Equal(2, geoip.Count);
        Assert.All(geoip, g => Assert.Equal("source.ip", (string)g["field"]!));
        Assert.All(geoip, g => Assert.True((bool)g["ignore_missing"]!));
        var city = Assert.Single(geoip, g => g["database_file"] is null);
        Assert.Equal("source.geo", (string)city["target_field"]!);
        var asn = Assert.Single(geoip, g => (string?)g["database_file"] == "GeoLite2-ASN.mmdb");
        Assert.Equal("source.as", (string)asn["target_field"]!);

        var renames = processors.Where(p => p.Key == "rename").ToDictionary(p => (string)p.Value!["field"]!, p => (string)p.Value!["target_field"]!);
        Assert.Equal("source.as.number", renames["source.as.asn"]);
        Assert.Equal("source.as.organization.name", renames["source.as.organization_name"]);
        Assert.All(renames.Values, target => Assert.True(AssetJson.MappedFields.ContainsKey(target), target));
    }

    [Theory]
    [InlineData("source.geo.location", "geo_point")]
    [InlineData("source.geo.country_iso_code", "keyword")]
    [InlineData("source.geo.country_name", "keyword")]
    [InlineData("source.geo.city_name", "keyword")]
    [InlineData("source.geo.continent_name", "keyword")]
    [InlineData("source.geo.region_name", "keyword")]
    [InlineData("source.as.number", "long")]
    [InlineData("source.as.organization.name", "keyword")]
    [InlineData("source.as.organization.name.text", "match_only_text")]
    public void WhatThePipelineAddsIsMappedTheEcsWay(string field, string type)
    {
        Assert.Equal(type, AssetJson.MappedFields[field].Type);
    }
}

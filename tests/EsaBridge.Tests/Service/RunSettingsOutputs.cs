using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Outputs.Splunk;
using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

/// <summary>The configured outputs of a <see cref="RunSettings"/> by their type, for the tests that read one.</summary>
internal static class RunSettingsOutputs
{
    public static ElasticsearchSettings? Elasticsearch(this RunSettings settings) => settings.NetworkOutputs.OfType<ElasticsearchSettings>().SingleOrDefault();

    public static HecSettings? Hec(this RunSettings settings) => settings.NetworkOutputs.OfType<HecSettings>().SingleOrDefault();
}

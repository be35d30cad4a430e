using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Doubles;

/// <summary>The real Elasticsearch client pointed at a double, as production code would configure it.</summary>
internal static class EsClient
{
    public const string Key = "k";

    public static ElasticsearchClient For(ElasticsearchDouble server, string apiKey = Key) =>
        new(new ElasticsearchClientSettings(server.Url).Authentication(new ApiKey(apiKey)).RequestTimeout(TimeSpan.FromSeconds(10)));

    public static Task<ElasticsearchDouble> StartAsync(Action<ElasticsearchDoubleOptions>? configure = null)
    {
        var options = new ElasticsearchDoubleOptions { ApiKey = Key };
        configure?.Invoke(options);
        return ElasticsearchDouble.StartAsync(options);
    }
}

using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Doubles;

/// <summary>API key and Basic authentication, and the 401 answers of Elasticsearch's security layer.</summary>
public sealed class ElasticsearchSecurityTests
{
    [Fact]
    public async Task A_wrong_api_key_gets_401_security_exception_and_the_client_reports_it_without_throwing()
    {
        await using var es = await EsClient.StartAsync();
        var client = EsClient.For(es, apiKey: "wrong");

        var response = await client.BulkAsync(ElasticsearchClientTests.CreateRequest(("a", Ndjson.Doc("a"))));

        Assert.False(response.IsValidResponse);
        Assert.Equal(401, response.ApiCallDetails.HttpStatusCode);
        var error = Assert.IsType<ElasticsearchServerError>(response.ElasticsearchServerError);
        Assert.Equal("security_exception", error.Error!.Type);
        Assert.Equal("unable to authenticate with provided credentials and anonymous access is not allowed for this request", error.Error!.Reason);
        Assert.Equal(0, es.DocumentCount(Ndjson.Stream));
    }

    [Fact]
    public async Task No_credentials_get_401_with_the_challenges_and_the_missing_credentials_reason()
    {
        await using var es = await EsClient.StartAsync();
        using var raw = new RawHttp(es.Url, authorization: null);

        var reply = await raw.SendAsync("POST", "/_bulk?refresh=false", "{\"create\":{\"_index\":\"x\"}}\n{}\n", "application/x-ndjson");

        Assert.Equal(401, reply.Code);
        Assert.Equal("Elasticsearch", reply.Header("X-Elastic-Product"));
        Assert.Contains("ApiKey", reply.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal("security_exception", reply.Json["error"]!["root_cause"]![0]!["type"]!.ToString());
        Assert.Equal("missing authentication credentials for REST request [/_bulk?refresh=false]", reply.Json["error"]!["reason"]!.ToString());
        Assert.Equal(401, reply.Json["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Basic_authentication_accepts_the_right_pair_and_names_the_user_when_refusing()
    {
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Basic = ("elastic", "changeme") });
        var good = new ElasticsearchClient(new ElasticsearchClientSettings(es.Url).Authentication(new BasicAuthentication("elastic", "changeme")));
        var bad = new ElasticsearchClient(new ElasticsearchClientSettings(es.Url).Authentication(new BasicAuthentication("elastic", "nope")));

        var ok = await good.InfoAsync();
        var refused = await bad.InfoAsync();

        Assert.True(ok.IsValidResponse);
        Assert.Equal(401, refused.ApiCallDetails.HttpStatusCode);
        var error = Assert.IsType<ElasticsearchServerError>(refused.ElasticsearchServerError);
        Assert.Equal("unable to authenticate user [elastic] for REST request [/]", error.Error!.Reason);
    }
}

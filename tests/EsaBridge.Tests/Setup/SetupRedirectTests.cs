using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Http;
using EsaBridge.Tests.TestDoubles.Kibana;
using EsaBridge.Tests.TestDoubles.SplunkManagement;

namespace EsaBridge.Tests.Setup;

/// <summary>
/// <c>setup</c> never follows a redirect to another server: it stops with a line naming the target (credentials hidden),
/// writes nothing there and reports nothing as created or updated.
/// </summary>
public sealed class SetupRedirectTests
{
    private const string Secret = "REDIRECT-SECRET";

    [Fact]
    public async Task SetupElasticsearchStopsAtA307ToAnotherServer()
    {
        await using var es = await ElasticsearchDouble.StartAsync();
        await using var redirect = await RedirectDouble.StartAsync(WithCredentials(es.Url), 307);

        var run = CliRun.Of(["setup", "elasticsearch", "--es-url", redirect.Url.ToString()]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"answered HTTP 307 redirecting to http://svc:***@127.0.0.1:{es.Url.Port}/_ilm/policy/", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("another server: redirects are not followed and nothing was sent there", run.Stderr, StringComparison.Ordinal);
        AssertNothingClaimed(run);
        Assert.Empty(es.Requests);
        Assert.Empty(es.IlmPolicies);
    }

    [Fact]
    public async Task SetupKibanaStopsAtA308ToAnotherServer()
    {
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "kb" });
        await using var redirect = await RedirectDouble.StartAsync(WithCredentials(kibana.Url), 308);

        var run = CliRun.Of(["setup", "kibana", "--kibana-url", redirect.Url.ToString()],
            environment: new Dictionary<string, string> { ["ESABRIDGE_KIBANA_API_KEY"] = "kb" });

        Assert.Equal(1, run.ExitCode);
        // The first request setup kibana makes (it looks for the data view before importing) is the one redirected.
        Assert.Matches(
            $@"(GET|POST) {System.Text.RegularExpressions.Regex.Escape(redirect.Url.ToString())}api/saved_objects/(\S+) answered HTTP 308 redirecting to http://svc:\*\*\*@127\.0\.0\.1:{kibana.Url.Port}/api/saved_objects/\2, another server",
            run.Stderr);
        AssertNothingClaimed(run);
        Assert.Empty(kibana.Requests);
        Assert.Empty(kibana.ImportedObjects);
        Assert.Equal(1, redirect.RequestCount);
    }

    [Fact]
    public async Task SetupSplunkStopsAtA307ToAnotherServer()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Tokens = ["tok"] });
        await using var redirect = await RedirectDouble.StartAsync(WithCredentials(splunk.Url), 307);

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", redirect.Url.ToString()],
            environment: new Dictionary<string, string> { ["ESABRIDGE_SPLUNK_TOKEN"] = "tok" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"redirecting to http://svc:***@127.0.0.1:{splunk.Url.Port}/services/", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("another server: redirects are not followed", run.Stderr, StringComparison.Ordinal);
        AssertNothingClaimed(run);
        Assert.Empty(splunk.Requests);
        Assert.DoesNotContain("esabridge", splunk.InstalledApps);
    }

    private static Uri WithCredentials(Uri url) => new UriBuilder(url) { UserName = "svc", Password = Secret }.Uri;

    private static void AssertNothingClaimed(CliRun run)
    {
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("created", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("updated", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("imported", run.Stdout, StringComparison.Ordinal);
    }
}

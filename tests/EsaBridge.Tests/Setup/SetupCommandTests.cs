using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Kibana;

namespace EsaBridge.Tests.Setup;

/// <summary><c>setup elasticsearch</c>, <c>setup kibana</c> and <c>export</c> against the doubles.</summary>
public class SetupCommandTests
{
    [Fact]
    public async Task SetupElasticsearchInstallsEverythingOnceAndReportsWhatChanged()
    {
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Basic = ("elastic", "changeme") });
        var env = new Dictionary<string, string> { ["ESABRIDGE_ES_PASSWORD"] = "changeme" };
        string[] args = ["setup", "elasticsearch", "--es-url", es.Url.ToString(), "--es-username", "elastic"];

        var first = CliRun.Of(args, environment: env);
        var second = CliRun.Of(args, environment: env);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(5, first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": created", StringComparison.Ordinal)));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(5, second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": unchanged", StringComparison.Ordinal)));
        Assert.Contains(ShippedAssets.IndexTemplateName, es.IndexTemplates.Keys);
        Assert.Contains(ShippedAssets.IlmPolicyName, es.IlmPolicies.Keys);
        Assert.Contains(ShippedAssets.IngestPipelineName, es.IngestPipelines.Keys);
        Assert.Equal(ShippedAssets.ComponentTemplates.Select(c => c.Name).Order(), es.ComponentTemplates.Keys.Order());
        Assert.DoesNotContain("changeme", first.Stdout + first.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupElasticsearchWithBadCredentialsFailsWithTheServersReason()
    {
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "right" });

        var run = CliRun.Of(["setup", "elasticsearch", "--es-url", es.Url.ToString(), "--es-api-key", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("security_exception", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(es.IndexTemplates);
    }

    [Fact]
    public async Task SetupKibanaImportsTheDashboards()
    {
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "kb" });

        var run = CliRun.Of(["setup", "kibana", "--kibana-url", kibana.Url.ToString()],
            environment: new Dictionary<string, string> { ["ESABRIDGE_KIBANA_API_KEY"] = "kb" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("index-pattern:" + ShippedAssets.DataViewId, kibana.ImportedObjects.Keys);
        Assert.Contains("dashboard:esabridge-receiving-aborts", kibana.ImportedObjects.Keys);
        Assert.Contains("dashboard:esabridge-sessions-overview", kibana.ImportedObjects.Keys);
        Assert.Equal(
            [$"index-pattern {ShippedAssets.DataViewId}: imported", "dashboard esabridge-receiving-aborts: imported", "dashboard esabridge-sessions-overview: imported", "dashboard esabridge-threats-verdicts: imported"],
            run.StdoutLines);
    }

    [Fact]
    public async Task SetupKibanaWithBadCredentialsFails()
    {
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "kb" });

        var run = CliRun.Of(["setup", "kibana", "--kibana-url", kibana.Url.ToString(), "--kibana-api-key", "nope"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(kibana.ImportedObjects);
    }

    [Fact]
    public void SetupWithoutAUrlIsAUsageError()
    {
        Assert.Equal(2, CliRun.Of(["setup", "elasticsearch"]).ExitCode);
        Assert.Equal(2, CliRun.Of(["setup", "kibana"]).ExitCode);
        Assert.Equal(2, CliRun.Of(["ship", "-"]).ExitCode);
    }

    [Theory]
    [InlineData("template", "PUT _index_template/logs-cisco_esa.session")]
    [InlineData("template", "PUT _component_template/esabridge-session-mappings")]
    [InlineData("lifecycle", "PUT _ilm/policy/esabridge-session")]
    [InlineData("pipeline", "PUT _ingest/pipeline/esabridge-session-geoip")]
    [InlineData("dashboards", "\"type\":\"dashboard\"")]
    public void ExportPrintsEachAsset(string asset, string expected)
    {
        var run = CliRun.Of(["export", asset]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }
}

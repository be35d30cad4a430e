using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// docker-compose.yml, interpolated with .env.example's values as <c>docker compose config</c> would, is valid against
/// the Compose Specification's JSON schema (every key known, every value of its type), and the Splunk service's health
/// check keeps the image's own check.
/// </summary>
public class ComposeSchemaTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void TheComposeFileIsValidAgainstTheComposeSpecificationSchema()
    {
        var errors = Errors(YamlJson.Convert(_compose.Root, _compose.Resolve)!);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void TheSchemaCatchesAMisspelledKeyAndAWrongType()
    {
        var document = YamlJson.Convert(_compose.Root, _compose.Resolve)!.AsObject();
        var splunk = document["services"]!["splunk"]!.AsObject();
        splunk["healthcheck"]!["retries"] = "many";
        splunk["restart_policy"] = "always";

        var errors = Errors(document);

        Assert.Contains(errors, e => e.StartsWith("/services/splunk/healthcheck/retries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/services/splunk", StringComparison.Ordinal) && e.Contains("restart_policy", StringComparison.Ordinal));
    }

    /// <summary>
    /// The splunk/splunk image's own check is <c>HEALTHCHECK ... CMD /sbin/checkstate.sh</c> (its provisioning has
    /// finished and splunkd answers); a compose healthcheck replaces it, so ours runs it first and then asks HEC's health
    /// endpoint, which answers "HEC is healthy" once the token input is up. Either alone calls Splunk ready too early.
    /// </summary>
    [Fact]
    public void SplunkIsHealthyOnlyWhenTheImagesOwnCheckAndHecAgree()
    {
        var check = ComposeFile.Mapping(_compose.Service("splunk"), "healthcheck")!;
        var test = ((YamlSequenceNode)check["test"]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();

        Assert.Equal("CMD-SHELL", test[0]);
        string shell = Assert.Single(test.Skip(1));
        int image = shell.IndexOf("/sbin/checkstate.sh", StringComparison.Ordinal);
        int hec = shell.IndexOf("/services/collector/health", StringComparison.Ordinal);
        Assert.True(image >= 0, "the image's /sbin/checkstate.sh is not run");
        Assert.True(hec > image, "HEC's health is not asked after the image's check");
        Assert.Contains("&&", shell[image..hec], StringComparison.Ordinal);
        Assert.Contains("HEC is healthy", shell[hec..], StringComparison.Ordinal);
    }

    private static List<string> Errors(JsonNode document)
    {
        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = ComposeSpecSchema.Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}

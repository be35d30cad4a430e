using YamlDotNet.RepresentationModel;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// docker-compose.yml as a user runs it: the five services, health checks and start order, and every variable it
/// reads is in .env.example. One-shot services (<c>restart: "no"</c>: <c>setup</c>, <c>kibana-password</c>) run to
/// completion instead of staying up, so they carry no health check; instead they may only start once what they
/// talk to is healthy, and whatever waits for them waits for their successful completion.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] RequiredServices = ["elasticsearch", "kibana", "splunk", "esabridge", "setup"];

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void TheFileHasTheFiveServices()
    {
        Assert.Subset(_compose.ServiceNames.ToHashSet(), RequiredServices.ToHashSet());
    }

    [Fact]
    public void EveryLongRunningServiceHasAHealthCheck()
    {
        foreach (string service in _compose.ServiceNames.Where(s => !_compose.IsOneShot(s)))
        {
            var check = ComposeFile.Mapping(_compose.Service(service), "healthcheck");
            Assert.True(check is not null, $"{service} has no healthcheck");
            var test = Assert.IsType<YamlSequenceNode>(check["test"]);
            string kind = ((YamlScalarNode)test.Children[0]).Value!;
            Assert.True(kind is "CMD" or "CMD-SHELL", $"{service}: healthcheck test starts with {kind}");
            Assert.True(test.Children.Count > 1, $"{service}: empty healthcheck");
            Assert.NotEqual("true", ComposeFile.Scalar(check, "disable"));
        }
    }

    [Fact]
    public void TheSetupServiceIsOneShotAndStartsOnceTheStackIsHealthy()
    {
        Assert.True(_compose.IsOneShot("setup"));
        var dependencies = _compose.DependsOn("setup");
        foreach (string service in (string[])["elasticsearch", "kibana", "splunk"])
        {
            Assert.Equal("service_healthy", dependencies.GetValueOrDefault(service));
        }
    }

    [Fact]
    public void EveryDependencyWaitsForHealthOrSuccessfulCompletion()
    {
        foreach (string service in _compose.ServiceNames)
        {
            foreach (var (dependency, condition) in _compose.DependsOn(service))
            {
                Assert.Contains(dependency, _compose.ServiceNames);
                string expected = _compose.IsOneShot(dependency) ? "service_completed_successfully" : "service_healthy";
                Assert.True(condition == expected, $"{service} waits for {dependency} with {condition}, expected {expected}");
            }
        }
    }

    [Fact]
    public void TheBridgeShipsOnlyAfterSetupInstalledTheTemplates()
    {
        Assert.Equal("service_completed_successfully", _compose.DependsOn("esabridge")["setup"]);
    }

    [Fact]
    public void EveryVariableTheFileUsesIsInEnvExampleWithTheSameDefault()
    {
        Assert.NotEmpty(_compose.Variables);
        foreach (var variable in _compose.Variables)
        {
            Assert.True(_compose.EnvExample.TryGetValue(variable.Name, out var example), $"${{{variable.Name}}} is not in .env.example");
            if (variable.Default is not null)
            {
                Assert.True(variable.Default == example, $"{variable.Name}: default '{variable.Default}' in the compose file, '{example}' in .env.example");
            }
        }
    }

    [Fact]
    public void SecretsComeOnlyFromTheEnvironmentAndAreRequired()
    {
        foreach (var variable in _compose.Variables.Where(v => IsSecretName(v.Name)))
        {
            Assert.True(variable.Required && variable.Default is null, $"{variable.Name} must be ${{{variable.Name}:?...}}: no default secret");
        }

        foreach (string service in _compose.ServiceNames)
        {
            var environment = ComposeFile.Mapping(_compose.Service(service), "environment") ?? [];
            foreach (var (key, value) in environment.Children)
            {
                string name = ((YamlScalarNode)key).Value!;
                string text = ((YamlScalarNode)value).Value!;
                if (IsSecretName(name))
                {
                    Assert.True(text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}'), $"{service}: {name} is written into the compose file");
                }
            }
        }
    }

    [Fact]
    public void TheBridgeRunsWithAReadOnlyRootAndItsStateInAVolume()
    {
        var bridge = _compose.Service("esabridge");
        var volumes = ((YamlSequenceNode)bridge["volumes"]).Children.Select(v => _compose.Resolve(((YamlScalarNode)v).Value!)).ToList();
        var declared = ((YamlMappingNode)_compose.Root["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();

        Assert.Equal("true", ComposeFile.Scalar(bridge, "read_only"));
        Assert.Contains("/tmp", ((YamlSequenceNode)bridge["tmpfs"]).Children.Select(n => ((YamlScalarNode)n).Value));
        string state = Assert.Single(volumes, v => v.EndsWith(":/var/lib/esabridge", StringComparison.Ordinal));
        Assert.Contains(state.Split(':')[0], declared);
        Assert.Single(volumes, v => v.EndsWith(":/var/log/esa:ro", StringComparison.Ordinal));
    }

    [Fact]
    public void SplunkAcceptsTheTermsAndEnablesHecWithTheTokenFromEnv()
    {
        var splunk = (YamlMappingNode)_compose.Service("splunk")["environment"];

        Assert.Contains("--accept-license", ComposeFile.Scalar(splunk, "SPLUNK_START_ARGS"), StringComparison.Ordinal);
        Assert.Equal("--accept-sgt-current-at-splunk-com", ComposeFile.Scalar(splunk, "SPLUNK_GENERAL_TERMS"));
        Assert.StartsWith("${SPLUNK_HEC_TOKEN", ComposeFile.Scalar(splunk, "SPLUNK_HEC_TOKEN"), StringComparison.Ordinal);
        Assert.StartsWith("splunk/splunk:", ComposeFile.Scalar(_compose.Service("splunk"), "image"), StringComparison.Ordinal);
    }

    [Fact]
    public void ElasticsearchIsA9xSingleNodeWithSecurityOn()
    {
        var es = _compose.Environment("elasticsearch");

        Assert.StartsWith("9.", _compose.EnvExample["STACK_VERSION"], StringComparison.Ordinal);
        Assert.Equal("single-node", es["discovery.type"]);
        Assert.Equal("true", es["xpack.security.enabled"]);
        Assert.Equal(_compose.EnvExample["ELASTIC_PASSWORD"], es["ELASTIC_PASSWORD"]);
        Assert.Equal("kibana_system", _compose.Environment("kibana")["ELASTICSEARCH_USERNAME"]);
    }

    private static bool IsSecretName(string name) =>
        name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("TOKEN", StringComparison.Ordinal)
        || name.EndsWith("API_KEY", StringComparison.Ordinal) || name.EndsWith("ENCRYPTION_KEY", StringComparison.Ordinal)
        || name.EndsWith("ENCRYPTIONKEY", StringComparison.Ordinal);
}

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

    [Fact]
    public void CheckEnvRefusesTheExamplePlaceholdersWithOneLine()
    {
        var example = Secrets.ToDictionary(name => name, name => _compose.EnvExample[name]);

        var (exit, stdout, stderr) = RunCheckEnv(example);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("check-env: refusing to start, set these in .env:", line, StringComparison.Ordinal);
        Assert.All(Secrets, name => Assert.Contains($"{name} (the example's placeholder)", line, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckEnvLetsRealSecretsThroughAndNamesAShortOrQuotedOne()
    {
        var real = new Dictionary<string, string>
        {
            ["ELASTIC_PASSWORD"] = "Xq7-mR2p.Lk9",
            ["KIBANA_PASSWORD"] = "5d0c41f2a9e8b7c6",
            ["KIBANA_ENCRYPTION_KEY"] = "f3b8c1d9e2a7456b8c0d1e2f3a4b5c6d7e8f",
            ["SPLUNK_PASSWORD"] = "s_9dK2m!x",
            ["SPLUNK_HEC_TOKEN"] = "6f1c2b9e-3a47-4d0b-9e1f-2c8a7b5d4e30",
        };

        var ok = RunCheckEnv(real);
        var quoted = RunCheckEnv(new Dictionary<string, string>(real) { ["KIBANA_PASSWORD"] = "pass\"word1" });
        var shortKey = RunCheckEnv(new Dictionary<string, string>(real) { ["KIBANA_ENCRYPTION_KEY"] = "short" });

        Assert.Equal(0, ok.Exit);
        Assert.Equal("check-env: secrets set\n", ok.Stdout);
        Assert.Equal(1, quoted.Exit);
        Assert.Contains("KIBANA_PASSWORD (a quote, backslash or space)", quoted.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, shortKey.Exit);
        Assert.Contains("KIBANA_ENCRYPTION_KEY (under 32 characters)", shortKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingStartsBeforeCheckEnvHasPassed()
    {
        Assert.True(_compose.IsOneShot("check-env"));
        Assert.Equal("service_completed_successfully", _compose.DependsOn("elasticsearch")["check-env"]);
        Assert.Equal("service_completed_successfully", _compose.DependsOn("splunk")["check-env"]);
        Assert.All(Secrets, name => Assert.StartsWith($"${{{name}:?", ComposeFile.Scalar(ComposeFile.Mapping(_compose.Service("check-env"), "environment")!, name), StringComparison.Ordinal));
    }

    [Fact]
    public void MetricsListenInsideTheContainerAndArePublishedOnTheHostsLoopbackOnly()
    {
        string[] run = Assert.Single(_compose.EsabridgeCommands("esabridge"));
        var ports = ((YamlSequenceNode)_compose.Service("esabridge")["ports"]).Children.Select(n => _compose.Resolve(((YamlScalarNode)n).Value!)).ToList();

        Assert.Equal("0.0.0.0:9108", run[Array.IndexOf(run, "--metrics") + 1]);
        Assert.Contains("127.0.0.1:9108:9108", ports);
        Assert.DoesNotContain(ports, p => p.EndsWith(":9108", StringComparison.Ordinal) && !p.StartsWith("127.0.0.1:", StringComparison.Ordinal));
    }

    private static readonly string[] Secrets = ["ELASTIC_PASSWORD", "KIBANA_PASSWORD", "KIBANA_ENCRYPTION_KEY", "SPLUNK_PASSWORD", "SPLUNK_HEC_TOKEN"];

    /// <summary>check-env's script as its container runs it: compose turns <c>$$</c> into <c>$</c>, then sh runs it.</summary>
    private (int Exit, string Stdout, string Stderr) RunCheckEnv(IReadOnlyDictionary<string, string> environment)
    {
        var service = _compose.Service("check-env");
        Assert.Equal(["/bin/sh", "-c"], ((YamlSequenceNode)service["entrypoint"]).Children.Select(n => ((YamlScalarNode)n).Value!));
        string script = ((YamlScalarNode)((YamlSequenceNode)service["command"]).Children.Single()).Value!.Replace("$$", "$", StringComparison.Ordinal);
        var run = ChildProcess.Run(["/bin/sh", "-c", script], environment, TimeSpan.FromSeconds(10));
        return (run.ExitCode, run.Stdout, run.Stderr);
    }

    private static bool IsSecretName(string name) =>
        name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("TOKEN", StringComparison.Ordinal)
        || name.EndsWith("API_KEY", StringComparison.Ordinal) || name.EndsWith("ENCRYPTION_KEY", StringComparison.Ordinal)
        || name.EndsWith("ENCRYPTIONKEY", StringComparison.Ordinal);
}

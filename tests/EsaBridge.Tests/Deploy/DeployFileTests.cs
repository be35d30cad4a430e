using System.Text.Json;
using EsaBridge.Tests.Assets;
using EsaBridge.Tests.Service;

namespace EsaBridge.Tests.Deploy;

/// <summary>The container image and the systemd unit keep the promises the docs make about them.</summary>
public sealed class DeployFileTests
{
    private static readonly string[] Dockerfile = File.ReadAllLines(AssetJson.RepositoryFile("Dockerfile"));

    [Fact]
    public void TheImageIsMultiStageAndRunsAsANonRootUserWithItsStateInAVolume()
    {
        var stages = Dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var final = Dockerfile.SkipWhile(l => l != stages[^1]).ToList();

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0", stages[^1], StringComparison.Ordinal);
        string user = Assert.Single(final, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user, (string[])["root", "0", "0:0"]);
        Assert.Contains(final, l => l.StartsWith("VOLUME ", StringComparison.Ordinal) && l.Contains("/var/lib/esabridge", StringComparison.Ordinal));
        Assert.Contains(final, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && l.Contains("esabridge", StringComparison.Ordinal));
    }

    [Fact]
    public void TheBuildContextLeavesSecretsOutAndKeepsWhatTheBuildCopies()
    {
        var patterns = File.ReadAllLines(AssetJson.RepositoryFile(".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var copied = Dockerfile
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.Contains(".env", patterns);
        Assert.True(IsExcluded(".env", patterns));
        Assert.True(IsExcluded("samples/other.log", patterns));
        foreach (string source in copied)
        {
            Assert.True(File.Exists(AssetJson.RepositoryFile(source)) || Directory.Exists(AssetJson.RepositoryFile(source)), $"COPY {source}: not in the repository");
            Assert.False(IsExcluded(source, patterns), $"COPY {source}: .dockerignore leaves it out of the build context");
        }
    }

    /// <summary>
    /// Docker's rule for the simple patterns used here (a path, or a folder ending in /): the last pattern that matches
    /// decides, and one starting with ! takes the path back in. Wildcard patterns (<c>**/bin/</c>, <c>*.md</c>) name
    /// nothing the build copies and are left out.
    /// </summary>
    private static bool IsExcluded(string path, List<string> patterns)
    {
        bool excluded = false;
        foreach (string line in patterns)
        {
            bool exception = line.StartsWith('!');
            string pattern = line.TrimStart('!').TrimEnd('/');
            if (!pattern.Contains('*', StringComparison.Ordinal)
                && (path.TrimEnd('/') == pattern || path.StartsWith(pattern + "/", StringComparison.Ordinal)))
            {
                excluded = !exception;
            }
        }

        return excluded;
    }

    [Fact]
    public void TheServiceUnitIsHardenedAndDrainsOnSigterm()
    {
        var unit = SystemdUnit.Load().Settings;

        Assert.True(unit["DynamicUser"].Contains("yes") || unit["User"].Any(u => u is not ("root" or "0")), "runs as root");
        Assert.Equal(["esabridge"], unit["StateDirectory"]);
        Assert.Equal(["strict"], unit["ProtectSystem"]);
        Assert.Contains("/var/log/esa", unit["ReadOnlyPaths"]);
        Assert.NotEmpty(unit["EnvironmentFile"]);
        Assert.Equal(["SIGTERM"], unit["KillSignal"]);
        Assert.NotEmpty(unit["TimeoutStopSec"]);
        Assert.Equal(["run", "--config", "/etc/esabridge/esabridge.json"], SystemdUnit.Load().ExecStartArguments);
    }

    [Fact]
    public void TheSampleConfigRetriesAnOutputThatIsDownWithoutLimitAsServiceMdPromises()
    {
        // The sample as it is, less the CA files that exist only on the user's host.
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(AssetJson.RepositoryFile("deploy", "esabridge.json")))!.AsObject();
        sample.Remove("es-ca-cert");
        sample.Remove("hec-ca-cert");
        string config = Path.Combine(Path.GetTempPath(), $"esabridge-sample-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, sample.ToJsonString());
        using var cleanup = new TempFile(config);
        var settings = EsaBridge.Cli.RunCommand.ReadSettings(
            ["--config", config],
            () => new DateOnly(2026, 12, 6),
            name => name switch { "ESABRIDGE_ES_API_KEY" => "key", "ESABRIDGE_HEC_TOKEN" => "6f1c2b9e-3a47-4d0b-9e1f-2c8a7b5d4e30", _ => null });

        Assert.True(settings.Elasticsearch()!.RetryFor >= TimeSpan.FromDays(365), $"Elasticsearch: {settings.Elasticsearch()!.RetryFor}");
        Assert.True(settings.Hec()!.RetryFor >= TimeSpan.FromDays(365), $"HEC: {settings.Hec()!.RetryFor}");
        Assert.Contains("retried with backoff and full jitter for as long as it takes", File.ReadAllText(AssetJson.RepositoryFile("docs", "service.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleConfigHoldsNoSecretAndOnlyDocumentedKeys()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(AssetJson.RepositoryFile("deploy", "esabridge.json")));
        string doc = File.ReadAllText(AssetJson.RepositoryFile("docs", "configuration.md"));

        foreach (var key in config.RootElement.EnumerateObject().Select(p => p.Name))
        {
            Assert.DoesNotContain(key, (string[])["es-api-key", "es-password", "hec-token", "splunk-password", "splunk-token"]);
            Assert.Contains($"`--{key}", doc, StringComparison.Ordinal);
        }
    }

    private sealed class TempFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}

using System.Security.Cryptography;
using System.Text;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.Service;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// What Elasticsearch and HEC receive, byte for byte, pinned by checksums recorded from the release before the redesign
/// (issue 15): <c>ship</c>'s request bodies in order, and, for <c>run</c> (whose batches depend on timing), every
/// document as sent (the bulk action and document lines; each HEC event), sorted. A change to a document's bytes, to the
/// bulk action line or to the HEC envelope shows here; a deliberate change updates the sums and says why in its commit.
/// </summary>
public sealed class WireBodyChecksumTests : IAsyncLifetime
{
    private const string Token = "0b2cf1f3-49ab-4c21-9d4b-1f0d2b6a6a17";
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-wire-").FullName;
    private ElasticsearchDouble _es = null!;
    private HecDouble _hec = null!;

    public async Task InitializeAsync()
    {
        _es = await ElasticsearchDouble.StartAsync();
        _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = Token });
        Assert.Equal(0, CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        await _hec.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("esa-mail.log", "52e9a5723be4306abd19142bfdf2ca5f99e2edfac2a0432d72f89d0a74e4681a", "5504f95a13798cb5f184b040c2ffc8042f47d70903f60cdd9c9f193abfa2ec8c")]
    [InlineData("seed-tech-note.log", "37013cb74c68b817fffb7e118a866773460ae932d4a93db4c1f7a392a99552c9", "065c68d6104b43d1a91ce6bb4e8851f34bce3e2c5b541b726fbdbed7d57c4209")]
    [InlineData("public/cisco-docs-examples.log", "b54025bcfe9773160d4b3e70ed35f3cb0b7893e5465d2644420a90edb43edf89", "330bfe546e8cd3e9f07509b08e4384419a3daac9d8d341848021856c91752c5e")]
    [InlineData("public/cisco-community-spam-quarantine.log", "fa1473e1aafc677519b02d2be190ebfd0b2cab6f1d12c9319a85933f395b9b3b", "3e2c2565c2d63c83b056ce789cf88d0bac4f73b45f2ad32a85fd5ff65ce5b209")]
    public void Ship_sends_the_same_bodies_as_before(string sample, string bulkSha256, string hecSha256)
    {
        var ship = CliRun.Of(
            ["ship", Path.Combine(AppContext.BaseDirectory, "Samples", sample), "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(),
             "--dead-letter", Path.Combine(_root, "dead.ndjson")],
            environment: new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token });

        Assert.Equal(0, ship.ExitCode);
        Assert.Equal(
            (bulkSha256, hecSha256),
            (Sha256(BulkBodies().Select(r => r.Body)), Sha256(EventPosts().Select(r => r.Body))));
    }

    [Fact]
    public async Task Run_sends_the_same_documents_as_before()
    {
        string logs = Path.Combine(_root, "logs");
        Directory.CreateDirectory(logs);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Path.Combine(logs, "mail.current"));
        using (var service = ServiceProcess.StartWith(
            new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = Token },
            "--input", Path.Combine(logs, "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(),
            "--poll-interval", "50ms", "--state-dir", Path.Combine(_root, "state")))
        {
            await ServiceWait.UntilAsync(
                () => _es.DocumentCount("logs-cisco_esa.session-default") == 35 && _hec.EventCount == 35, () => service.HasExited, () => service.Stderr);
            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        }

        // The log's path (a temporary folder) is in log.file.path and HEC's source.
        var bulkDocuments = BulkBodies().SelectMany(r => Pairs(r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))).Order(StringComparer.Ordinal);
        var events = EventPosts().SelectMany(r => Events(r.Body)).Order(StringComparer.Ordinal);
        Assert.Equal(("1ee49846930ac8aceef88a98f0d77f037d1ca85a254f5327daff91301f22b3aa", "7cce6b8269048ff185252f3597d80d655c5de1be1f00c11f6132ac4d42124b65"), (Sha256(bulkDocuments), Sha256(events)));
    }

    private static IEnumerable<string> Pairs(string[] lines)
    {
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            yield return lines[i] + "\n" + lines[i + 1];
        }
    }

    /// <summary>HEC's event endpoint takes JSON objects one after another; split them at top level.</summary>
    private static IEnumerable<string> Events(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
        var events = new List<string>();
        while (reader.Read())
        {
            long start = reader.TokenStartIndex;
            reader.Skip();
            events.Add(Encoding.UTF8.GetString(bytes, (int)start, (int)(reader.BytesConsumed - start)));
        }

        return events;
    }

    private string Sha256(IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts).Replace(_root, "ROOT", StringComparison.Ordinal))));

    private List<RecordedRequest> BulkBodies() =>
        _es.Requests.Where(r => r.PathAndQuery.Split('?')[0].EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 200).ToList();

    private List<RecordedRequest> EventPosts() =>
        _hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal) && r.Status == 200).ToList();
}

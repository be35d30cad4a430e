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
/// document as sent (the bulk action and document lines; each HEC event), sorted. The log's path, in log.file.path and
/// HEC's source, is written as where the tests run from, so it is replaced before the sums. A change to a document's bytes, to the
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
    [InlineData("esa-mail.log", "b26d76d69d8c24fa73c7e19bb3f7398135343f36abc68a541f766ed6926c7a24", "71c36139f1d90fc637977b1ad6ed58fbd1246605e2de8c0e5225dc3e4d4106bb")]
    [InlineData("seed-tech-note.log", "2bdd726cafebf5741a78bd78c2a5572023f2f46aa04a786031629982e88df163", "08a046d2071f78d79ab9c197a42d9c03c91cad83867b561790667673f409bc21")]
    [InlineData("public/cisco-docs-examples.log", "d4e10394e256421af990677b61b0824ab14df05cf3fdd8607d3bb38048e3458a", "e9f66a0fbadf627d63ea7e941aeff70d12a38d7272cc923181cde6e24e4e6651")]
    [InlineData("public/cisco-community-spam-quarantine.log", "da89496a1699ffc77e8fcc780a525b09c1c3cfe326563d70b542540cac5948d4", "6b40967255735e989a4ecfc20b4c015bb8a02fe2edfeddb4915722dde5a5ed52")]
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

        var bulkDocuments = BulkBodies().SelectMany(r => Pairs(r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))).Order(StringComparer.Ordinal);
        var events = EventPosts().SelectMany(r => Events(r.Body)).Order(StringComparer.Ordinal);
        Assert.Equal(("49d847e22a9b1bd8856a61ebd6597eb66d1578ba4e5afc25755e5d430bbfdc52", "87675a123201087af891dcb9ff20010313c76ed523ceec6cf6ac4c74d98e1ee6"), (Sha256(bulkDocuments), Sha256(events)));
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
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts)
            .Replace(_root, "ROOT", StringComparison.Ordinal).Replace(AppContext.BaseDirectory, "TESTS/", StringComparison.Ordinal))));

    private List<RecordedRequest> BulkBodies() =>
        _es.Requests.Where(r => r.PathAndQuery.Split('?')[0].EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 200).ToList();

    private List<RecordedRequest> EventPosts() =>
        _hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal) && r.Status == 200).ToList();
}

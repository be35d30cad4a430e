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
    [InlineData("esa-mail.log", "d4592cc8668a8f968085ad0883a7e9b658224c990780f47573f1906ad87e29f9", "ad689a8205c4133bba7e6a6d1d5b4cc960fa8be04656daab6699e1913d3032ed")]
    [InlineData("seed-tech-note.log", "5c506a49c800cd979043e53c25b27802704a2b498057b0c393141c8da94e5707", "08a046d2071f78d79ab9c197a42d9c03c91cad83867b561790667673f409bc21")]
    [InlineData("public/cisco-docs-examples.log", "0b171698b0fd5df90f440d06712c922024367b7168541a27f01ce32af75368f8", "4be619bc68b40e735ce63ccc69694477f372ad946a023f2f86291003aef0834c")]
    [InlineData("public/cisco-community-spam-quarantine.log", "e8e0227e98301afb8d6cab27249039b50ce7526d20317e14f81ad5e256e52e7c", "436538aff65508a9ce3be8e17d37cc983cfe7e6c48a0882394f640ad6ef25a7f")]
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
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts)
            .Replace(_root, "ROOT", StringComparison.Ordinal).Replace(AppContext.BaseDirectory, "TESTS/", StringComparison.Ordinal))));

    private List<RecordedRequest> BulkBodies() =>
        _es.Requests.Where(r => r.PathAndQuery.Split('?')[0].EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 200).ToList();

    private List<RecordedRequest> EventPosts() =>
        _hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal) && r.Status == 200).ToList();
}

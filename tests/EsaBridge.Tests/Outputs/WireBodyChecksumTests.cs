using System.Security.Cryptography;
using System.Text;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.Service;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// What Elasticsearch and HEC receive, byte for byte, pinned by checksums (recorded before the redesign of issue 15, again for contract
/// version 2's fields of issue 18): <c>ship</c>'s request bodies in order, and, for <c>run</c> (whose batches depend on timing), every
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
    [InlineData("esa-mail.log", "b0d2f3db54959e5c8a3a9ad61f3c6a6c6100a0a74755a87168ab29ee916a7c30", "135510139b4ce00f1f601e4c26e473312c2e8ef4ed89d1fce5aed06a260fdc5a")]
    [InlineData("seed-tech-note.log", "5a406786d2d048fb2a80c6550d5ad088d278f6e1cb598895fbeb5f24e58d55b0", "80c80f94cce1ba11c14b9d8918d6d7b23404bd565b7012fdf8b22787626fd6bd")]
    [InlineData("public/cisco-docs-examples.log", "41ffc06e7b0d60c04736decfd92ced143b2a40979bc128ec30c69414e7910faa", "8c08a81d0fd50ef5acf05b32dc69afd204006b1a5302c8aa9bf523037388e9e5")]
    [InlineData("public/cisco-community-spam-quarantine.log", "bffbd5a76ba11bf19453c0a5d5c4a0b82c8e9960ee7dc7c1e907b17d86344c01", "d2f07aa80ea0c382932952cd19383603a3b21cf49348b69a023310c8008a5b93")]
    public void Ship_sends_the_same_bodies_as_before(string sample, string bulkSha256, string hecSha256)
    {
        var ship = CliRun.Of(
            ["ship", "--no-connections", Path.Combine(AppContext.BaseDirectory, "Samples", sample), "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(),
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
            "--no-connections", "--input", Path.Combine(logs, "mail.*"), "--host", "esa1.example.com", "--es-url", _es.Url.ToString(), "--hec-url", _hec.Url.ToString(),
            "--poll-interval", "50ms", "--state-dir", Path.Combine(_root, "state")))
        {
            await ServiceWait.UntilAsync(
                () => _es.DocumentCount("logs-cisco_esa.session-default") == 35 && _hec.EventCount == 35, () => service.HasExited, () => service.Stderr);
            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
        }

        var bulkDocuments = BulkBodies().SelectMany(r => Pairs(r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))).Order(StringComparer.Ordinal);
        var events = EventPosts().SelectMany(r => Events(r.Body)).Order(StringComparer.Ordinal);
        Assert.Equal(("da0a4995ed7672e52b866cd3d2d340e20a3912befed93f2062de47841ed8039a", "22f6347a881f95b74d3ce087df1588819af3550aad9dfc634904cdf5d16381b7"), (Sha256(bulkDocuments), Sha256(events)));
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

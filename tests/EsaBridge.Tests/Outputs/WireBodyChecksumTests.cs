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
    [InlineData("esa-mail.log", "afc938bd028edef31e6dd69ee0b2142ba9002ed36051ea88505354fbcd7a79a6", "90b11ecdffa3c9b98cd0460b433ca3dafa2f161e12f90e8074334aa078a8cb95")]
    [InlineData("seed-tech-note.log", "9fd8ff928edc07b5765f8ee763b538861243272255457c4e4af16d0d4dd2cc96", "25cae864324a591bd7b9b4985f85fcdb5537504eb356b785700ea80f14457785")]
    [InlineData("public/cisco-docs-examples.log", "27228e9e7c5df5aea11d07e81ae646024ac9fc01fa54c102694ae6b136e8ea46", "ee36f4f2bb633454a225646fbdf283ebd8dee3a4076e36f5ab2664c4c5815fdd")]
    [InlineData("public/cisco-community-spam-quarantine.log", "e43f24e2e10f676c8e5f7d306f06498811d2d94cd8c56c190d448ea38fd8d6c8", "cbb0c510316746728ddd5ed281cf5678fdfe93e89a2d52f3030e37a4e7eef257")]
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
        Assert.Equal(("9a8a95cc57711f44679861d5cf6cd51024e8db9dd18afdfe62a6698e6a09dc77", "fec5ae1f3d4a2cccb1549b2b626481995d373b7a426be01fca0f1cef57f29bfc"), (Sha256(bulkDocuments), Sha256(events)));
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

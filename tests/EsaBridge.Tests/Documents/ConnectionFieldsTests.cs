using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Core.Documents;
using EsaBridge.Tests.Assets;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// <see cref="ConnectionFields"/> is the one declaration of the connection document: its mappings
/// (mappings/component/esabridge-connection-mappings.json), the contract's connection part, the writer's output and
/// the Splunk events agree with it.
/// </summary>
public class ConnectionFieldsTests
{
    private static readonly Lazy<IReadOnlyList<string>> Written = new(WriteSamples);

    public static TheoryData<string> Declared() => [.. ConnectionFields.All.Select(f => f.Path)];

    [Theory]
    [MemberData(nameof(Declared))]
    public void EveryDeclaredFieldIsMappedWithItsType(string path)
    {
        var declared = ConnectionFields.All.Single(f => f.Path == path);

        Assert.True(AssetJson.ConnectionMappedFields.TryGetValue(path, out var mapped), $"{path} is not in {AssetJson.ConnectionMappingsFile}");
        Assert.False(mapped.Runtime || mapped.MultiField, path);
        Assert.Equal(declared.Type, mapped.Type);
    }

    [Fact]
    public void EveryMappedFieldIsDeclaredOrAddedByElasticsearch()
    {
        var declared = ConnectionFields.All.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, field) in AssetJson.ConnectionMappedFields)
        {
            Assert.True(declared.Contains(path) || AddedByElasticsearch(path) || field.MultiField, $"{path} is mapped but not declared in ConnectionFields");
        }
    }

    [Fact]
    public void TheDataStreamDatasetIsTheConnectionsOne()
    {
        var mappings = AssetJson.Parse(File.ReadAllText(AssetJson.RepositoryFile("mappings", "component", AssetJson.ConnectionMappingsFile)));
        var ds = mappings["template"]!["mappings"]!["properties"]!["data_stream"]!["properties"]!;

        Assert.Equal(ConnectionFields.Dataset, (string)ds["dataset"]!["value"]!);
    }

    [Fact]
    public void TheContractNamesExactlyTheDeclaredFields()
    {
        var declared = ConnectionFields.All.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var documented = AssetJson.ContractConnectionFields().ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(documented));
        Assert.DoesNotContain(documented, p => !declared.Contains(p) && !AddedByElasticsearch(p));
    }

    [Fact]
    public void SharedFieldsAreTheSessionDeclarations()
    {
        var session = SessionFields.All.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var field in ConnectionFields.All.Where(f => f.Path.StartsWith("cisco.esa.connection.", StringComparison.Ordinal)
            || f.Path.StartsWith("source.", StringComparison.Ordinal) || f.Path.StartsWith("observer.", StringComparison.Ordinal)))
        {
            Assert.Same(session[field.Path], field);
        }
    }

    [Fact]
    public void TheWriterWritesDeclaredFieldsInTheirOrderAndShape()
    {
        var order = ConnectionFields.All.Select((f, i) => (f.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Assert.True(Written.Value.Count > 20, $"only {Written.Value.Count} connection documents");
        foreach (string document in Written.Value)
        {
            int last = -1;
            foreach (string path in AssetJson.Leaves(JsonNode.Parse(document)).Select(l => l.Path).Distinct())
            {
                Assert.True(order.TryGetValue(path, out int at), $"{path} is written but not declared");
                Assert.True(at > last, $"{path} is written out of the declared order");
                last = at;
                seen.Add(path);
            }
        }

        Assert.Empty(order.Keys.Except(seen));
    }

    [Fact]
    public void TheSplunkEventHasTheDeclaredKeysInTheirOrderAndTheConnectionSourcetype()
    {
        var order = ConnectionFields.SplunkEvent.Select((k, i) => (k.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (string document in Written.Value)
        {
            var hec = JsonDocument.Parse(Splunk(document, new SplunkEnvelope { Sourcetype = "custom:sessions" })).RootElement;
            Assert.Equal("cisco:esa:connection", hec.GetProperty("sourcetype").GetString());
            int last = -1;
            foreach (var property in hec.GetProperty("event").EnumerateObject())
            {
                Assert.True(order.TryGetValue(property.Name, out int at), $"{property.Name} is not declared");
                Assert.True(at > last, $"{property.Name} is out of the declared order");
                last = at;
                seen.Add(property.Name);
            }

            if (hec.GetProperty("event").TryGetProperty("action", out var action))
            {
                actions.Add(action.GetString()!);
            }
        }

        Assert.Equal(order.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(["blocked", "teardown"], actions.Order(StringComparer.Ordinal));
    }

    private static byte[] Splunk(string ecs, SplunkEnvelope envelope)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SplunkEventTranscoder.Write(writer, Encoding.UTF8.GetBytes(ecs), envelope);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool AddedByElasticsearch(string path) => SessionFields.AddedByElasticsearch.Any(p =>
        p.EndsWith(".*", StringComparison.Ordinal) ? path.StartsWith(p[..^1], StringComparison.Ordinal) : p == path);

    /// <summary>The connection documents of every sample log, and of lines that give the fields the samples lack.</summary>
    private static IReadOnlyList<string> WriteSamples()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Samples");
        var documents = new List<string>();
        var logs = Directory.EnumerateFiles(dir, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => (file, File.ReadAllLines(file)))
            .Append(("/var/log/esa/extra.current", Extra));
        foreach (var (file, lines) in logs)
        {
            string ndjson = DirectNdjson.Of(lines.Select(Encoding.UTF8.GetBytes), "esa1.example.com", file, flushIncomplete: true, connections: true);
            documents.AddRange(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(d => d.Contains("\"dataset\":\"cisco_esa.connection\"", StringComparison.Ordinal)));
        }

        return documents;
    }

    private static readonly string[] Extra =
    [
        "Thu Aug 14 11:00:00 2014 Info: Version: 15.0.0-104 SN: 0123456789AB-CDEFGH1",
        "Thu Aug 14 11:00:00 2014 Info: New SMTP ICID 9001 interface Data 1 (10.0.0.5) address 192.0.2.30 reverse dns host mx.example.net verified yes",
        "Thu Aug 14 11:00:00 2014 Info: ICID 9001 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS None country Germany",
        "Thu Aug 14 11:00:01 2014 Info: ICID 9001 TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384",
        "Thu Aug 14 11:00:02 2014 Info: ICID 9001 TLS failed: [Errno 54] Connection reset by peer",
        "Thu Aug 14 11:00:02 2014 Info: Start MID 901 ICID 9001",
        "Thu Aug 14 11:00:02 2014 Info: MID 901 ICID 9001 To: <x@example.com> Rejected by RAT",
        "Thu Aug 14 11:00:09 2014 Info: ICID 9001 lost",
        "Thu Aug 14 11:00:09 2014 Info: ICID 9001 close",
    ];
}

using System.Text.Json;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>Runs <c>esabridge ship</c> against a HEC double and reads what arrived and what was dead-lettered.</summary>
internal sealed class HecShip(HecDouble hec, string directory)
{
    public const string Token = "0b1e9a3c-5d2f-4e8a-9c7b-6a5d4e3f2a1b";

    public static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    public string DeadLetters => Path.Combine(directory, "dead.ndjson");

    public static Dictionary<string, string> Environment(string token = Token) => new() { ["ESABRIDGE_HEC_TOKEN"] = token };

    public CliRun Run(params string[] extra) => RunWith(Environment(), extra);

    public CliRun RunWith(IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        CliRun.Of(["ship", "--no-connections", Sample, "--hec-url", hec.Url.ToString(), "--dead-letter", DeadLetters, .. extra], environment: environment);

    /// <summary>The <c>event_id</c>s HEC indexed, one per indexed event.</summary>
    public List<string> IndexedIds() => hec.Events.Select(e => e.EventId!).ToList();

    public JsonElement[] DeadLetterLines() => File.Exists(DeadLetters)
        ? File.ReadAllLines(DeadLetters).Select(l => JsonDocument.Parse(l).RootElement).ToArray()
        : [];

    public List<TestDoubles.Elasticsearch.RecordedRequest> EventPosts() =>
        hec.Requests.Where(r => r.PathAndQuery.StartsWith("/services/collector/event", StringComparison.Ordinal)).ToList();

    /// <summary>Every one of the sample's documents is either indexed exactly once or dead-lettered, never both, never lost.</summary>
    public void AssertEachDocumentOnce(int expected = 35)
    {
        var indexed = IndexedIds();
        var dead = DeadLetterLines().Select(l => l.GetProperty("event_id").GetString()!).ToList();
        Assert.Equal(indexed.Count, indexed.Distinct().Count());
        Assert.Empty(indexed.Intersect(dead));
        Assert.Equal(expected, indexed.Count + dead.Count);
        Assert.Equal(expected, indexed.Concat(dead).Distinct().Count());
    }
}

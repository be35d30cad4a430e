using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Core.Documents;
using EsaBridge.Tests.Assets;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// <see cref="SessionFields"/> is the one declaration of the document: the index template, the contract text, the
/// writer's output and the Splunk events all agree with it.
/// </summary>
public class SessionFieldsTests
{
    private static readonly Lazy<IReadOnlyList<string>> Written = new(WriteSamples);

    public static TheoryData<string> Declared() => [.. SessionFields.All.Select(f => f.Path)];

    [Theory]
    [MemberData(nameof(Declared))]
    public void EveryDeclaredFieldIsMappedWithItsType(string path)
    {
        var declared = SessionFields.All.Single(f => f.Path == path);

        Assert.True(AssetJson.MappedFields.TryGetValue(path, out var mapped), $"{path} is not in the index template");
        Assert.False(mapped.Runtime || mapped.MultiField, path);
        Assert.Equal(declared.Type, mapped.Type);
        Assert.Equal(declared.Type == EsType.Object, declared.Properties.Count > 0);
        foreach (var property in declared.Properties)
        {
            Assert.True(AssetJson.MappedFields.TryGetValue(path + "." + property.Name, out var sub), $"{path}.{property.Name} is not in the index template");
            Assert.Equal(property.Type, sub.Type);
        }
    }

    /// <summary>Every declared path, with the properties of object fields as <c>path.name</c>.</summary>
    private static HashSet<string> DeclaredPaths() =>
        SessionFields.All.SelectMany(f => f.Properties.Select(p => f.Path + "." + p.Name).Prepend(f.Path)).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void EveryMappedFieldIsDeclaredOrAddedByElasticsearch()
    {
        var declared = DeclaredPaths();
        foreach (var (path, field) in AssetJson.MappedFields)
        {
            if (!field.MultiField && !field.Runtime)
            {
                Assert.True(declared.Contains(path) || AddedByElasticsearch(path), $"{path} is mapped but neither declared in SessionFields nor listed as added by Elasticsearch");
            }
        }
    }

    [Fact]
    public void TheContractNamesExactlyTheDeclaredFields()
    {
        var declared = DeclaredPaths();
        var documented = AssetJson.ContractDocumentFields().Where(p => AssetJson.MappedFields.TryGetValue(p, out var m) && !m.MultiField).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(documented));
        Assert.DoesNotContain(documented, p => !declared.Contains(p) && !AddedByElasticsearch(p));
    }

    [Fact]
    public void TheWriterWritesDeclaredFieldsInTheirOrderAndShape()
    {
        var order = SessionFields.All.Select((f, i) => (f.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Assert.True(Written.Value.Count > 100, $"only {Written.Value.Count} documents");
        foreach (string document in Written.Value)
        {
            int last = -1;
            foreach (var (path, value) in Fields(JsonNode.Parse(document)!.AsObject()))
            {
                Assert.True(order.TryGetValue(path, out int at), $"{path} is written but not declared");
                Assert.True(at > last, $"{path} is written out of the declared order");
                Assert.Equal(SessionFields.All[at].IsList, value is JsonArray);
                foreach (var item in SessionFields.All[at].Properties.Count > 0 ? value!.AsArray() : [])
                {
                    var names = SessionFields.All[at].Properties.Select(p => p.Name).ToList();
                    var written = item!.AsObject().Select(p => p.Key).ToList();
                    Assert.Empty(written.Except(names));
                    Assert.Equal(written, written.OrderBy(names.IndexOf));
                    seen.UnionWith(written.Select(n => path + "." + n));
                }

                last = at;
                seen.Add(path);
            }
        }

        Assert.Empty(DeclaredPaths().Except(seen));
    }

    [Fact]
    public void TheSplunkEventHasTheDeclaredKeysInTheirOrder()
    {
        var order = SessionFields.SplunkEvent.Select((k, i) => (k.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "hec")).SelectMany(File.ReadLines))
        {
            int last = -1;
            foreach (var property in JsonDocument.Parse(line).RootElement.GetProperty("event").EnumerateObject())
            {
                Assert.True(order.TryGetValue(property.Name, out int at), $"{property.Name} is not declared");
                Assert.True(at > last, $"{property.Name} is out of the declared order");
                last = at;
                seen.Add(property.Name);
            }
        }

        Assert.Equal(order.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(SplunkEventFields.FromWriter.Order(StringComparer.Ordinal), SplunkEventFields.Declared.Order(StringComparer.Ordinal));
    }

    private static bool AddedByElasticsearch(string path) => SessionFields.AddedByElasticsearch.Any(p =>
        p.EndsWith(".*", StringComparison.Ordinal) ? path.StartsWith(p[..^1], StringComparison.Ordinal) : p == path);

    /// <summary>A document's fields by dotted path: objects are descended into, arrays and scalars are fields.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Fields(JsonObject o, string prefix = "")
    {
        foreach (var (name, child) in o)
        {
            string path = prefix + name;
            if (child is JsonObject inner)
            {
                foreach (var field in Fields(inner, path + "."))
                {
                    yield return field;
                }
            }
            else
            {
                yield return (path, child);
            }
        }
    }

    private static IReadOnlyList<string> WriteSamples()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Samples");
        var documents = new List<string>();
        foreach (string file in Directory.EnumerateFiles(dir, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file).Select(System.Text.Encoding.UTF8.GetBytes);
            documents.AddRange(DirectNdjson.Of(lines, "esa1.example.com", file, flushIncomplete: true).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return documents;
    }
}

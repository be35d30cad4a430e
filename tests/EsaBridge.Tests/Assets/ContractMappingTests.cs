using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.Assets;

/// <summary>Every field of the session document (the encoder's real output and the contract's text) is mapped, with its type.</summary>
public class ContractMappingTests
{
    private static readonly HashSet<string> NumberTypes = new(StringComparer.Ordinal) { "long", "integer", "scaled_float", "float", "double" };

    public static TheoryData<string> EncodedFields() => [.. EncodedLeaves().Select(l => l.Path).Distinct().Order(StringComparer.Ordinal)];

    public static TheoryData<string> DocumentedFields() => [.. AssetJson.ContractDocumentFields()];

    [Fact]
    public void TheSampleCoversTheOptionalFields()
    {
        var paths = EncodedLeaves().Select(l => l.Path).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(35, AssetJson.SampleDocuments.Count);
        foreach (string field in (string[])["cisco.esa.parent_mid", "cisco.esa.derivation", "cisco.esa.derived_mids", "cisco.esa.abort.hint",
            "cisco.esa.connection.sbrs_status", "cisco.esa.connection.tls", "email.message_id", "email.subject", "observer.hostname", "log.file.path"])
        {
            Assert.Contains(field, paths);
        }
    }

    [Theory]
    [MemberData(nameof(EncodedFields))]
    public void EveryFieldTheEncoderWritesIsMapped(string path)
    {
        Assert.True(AssetJson.MappedFields.TryGetValue(path, out var field), $"{path} is not mapped");
        Assert.False(field.Runtime || field.MultiField, path);
        Assert.NotEqual("object", field.Type);
    }

    [Theory]
    [MemberData(nameof(DocumentedFields))]
    public void EveryFieldTheContractNamesIsMapped(string path)
    {
        Assert.True(AssetJson.MappedFields.TryGetValue(path, out var field), $"{path} is not mapped");
        Assert.False(field.Runtime || field.MultiField, path);
    }

    [Fact]
    public void TheContractTextYieldsTheFieldsItsTablesList()
    {
        var documented = AssetJson.ContractDocumentFields();

        Assert.Contains("@timestamp", documented);
        Assert.Contains("cisco.esa.connection.sbrs_status", documented);
        Assert.Contains("cisco.esa.parent_mid", documented);
        Assert.Contains("observer.serial_number", documented);
        Assert.True(documented.Count >= 40, $"only {documented.Count} fields found in docs/session-document.md");
    }

    /// <summary>The mapped fields SessionFields does not declare (a multi-field, the data stream's); the declared ones: SessionFieldsTests.</summary>
    [Theory]
    [InlineData("email.subject.text", "match_only_text")]
    [InlineData("data_stream.type", "constant_keyword")]
    [InlineData("data_stream.dataset", "constant_keyword")]
    [InlineData("data_stream.namespace", "constant_keyword")]
    public void KeyFieldsHaveTheirEcsType(string path, string type)
    {
        Assert.Equal(type, AssetJson.MappedFields[path].Type);
    }

    [Fact]
    public void TheSubjectKeepsLongValuesSearchable()
    {
        var subject = AssetJson.Component(AssetJson.MappingsComponent)["template"]!["mappings"]!["properties"]!["email"]!["properties"]!["subject"]!;

        Assert.Equal(1024, (int)subject["ignore_above"]!);
        Assert.True(AssetJson.MappedFields["email.subject.text"].MultiField);
    }

    [Fact]
    public void TheConstantDataStreamFieldsMatchTheDefaultStream()
    {
        var ds = AssetJson.Component(AssetJson.MappingsComponent)["template"]!["mappings"]!["properties"]!["data_stream"]!["properties"]!;

        Assert.Equal("logs", (string)ds["type"]!["value"]!);
        Assert.Equal("cisco_esa.session", (string)ds["dataset"]!["value"]!);
        Assert.Null(ds["namespace"]!["value"]);
    }

    /// <summary>A value Elasticsearch would reject for its mapped type is a dead-lettered document: none may exist.</summary>
    [Fact]
    public void EveryEncodedValueFitsItsMappedType()
    {
        foreach (var (path, value) in EncodedLeaves())
        {
            string type = AssetJson.MappedFields[path].Type;
            var kind = value?.GetValueKind();
            string what = $"{path} ({type}) = {value?.ToJsonString()}";
            if (NumberTypes.Contains(type))
            {
                Assert.True(kind == JsonValueKind.Number, what);
                if (type == "long")
                {
                    Assert.True(value!.AsValue().TryGetValue(out long _), what);
                }
            }
            else if (type == "boolean")
            {
                Assert.True(kind is JsonValueKind.True or JsonValueKind.False, what);
            }
            else if (type == "ip")
            {
                Assert.True(kind == JsonValueKind.String && IPAddress.TryParse((string)value!, out _), what);
            }
            else if (type == "date")
            {
                Assert.True(kind == JsonValueKind.String, what);
                Assert.True(DateTimeOffset.TryParseExact((string)value!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), what);
            }
            else
            {
                Assert.True(kind == JsonValueKind.String, what);
            }
        }
    }

    [Fact]
    public void NoEncodedValueIsCutByIgnoreAbove()
    {
        foreach (var (path, value) in EncodedLeaves())
        {
            if (AssetJson.MappedFields[path].Type == "keyword" && value?.GetValueKind() == JsonValueKind.String)
            {
                Assert.True(((string)value!).Length <= 1024, path);
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode? Value)> EncodedLeaves() =>
        AssetJson.SampleDocuments.SelectMany(d => AssetJson.Leaves(JsonNode.Parse(d)));
}

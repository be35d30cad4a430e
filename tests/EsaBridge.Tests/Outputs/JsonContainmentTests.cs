using System.Text.Json.Nodes;
using EsaBridge.Setup;

namespace EsaBridge.Tests.Outputs;

public class JsonContainmentTests
{
    [Fact]
    public void ServerDefaultsDoNotCountAsChanges()
    {
        var stored = JsonNode.Parse("""{"index_patterns":["a-*"],"priority":550,"data_stream":{"hidden":false,"allow_custom_routing":false},"version":1}""");
        var ours = JsonNode.Parse("""{"index_patterns":["a-*"],"priority":550,"data_stream":{}}""");

        Assert.True(JsonContainment.Contains(stored, ours));
        Assert.False(JsonContainment.Contains(stored, JsonNode.Parse("""{"priority":551}""")));
        Assert.False(JsonContainment.Contains(stored, JsonNode.Parse("""{"index_patterns":["a-*","b-*"]}""")));
        Assert.False(JsonContainment.Contains(null, ours));
    }
}

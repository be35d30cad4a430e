using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>The tech note's three messages give exactly the documents of the contract's table.</summary>
public class SeedTests
{
    private readonly PipelineRun _run = PipelineRun.Of(PipelineRun.SampleLines("seed-tech-note.log"));

    [Theory]
    [InlineData(1404, AbortClass.ConnectionLost, false, 36, 45, "192.168.0.200", "192.168.0.199")]
    [InlineData(1558778, AbortClass.Timeout, true, 300, 300, null, null)]
    [InlineData(1412, AbortClass.SenderQuit, false, 3, 10, "192.168.0.200", "192.168.0.199")]
    public void ContractTable(long mid, AbortClass abortClass, bool nearTimeout, long idle, long duration, string? source, string? destination)
    {
        var r = _run.Single(mid);

        Assert.Equal(abortClass, r.AbortClass);
        Assert.Equal(nearTimeout, r.NearTimeout);
        Assert.Equal(idle, r.IdleSeconds);
        Assert.Equal(duration, r.DurationSeconds);
        Assert.Equal(source, r.Connection?.SourceIp);
        Assert.Equal(destination, r.Connection?.ListenerIp);
        Assert.Equal(MessageOutcome.Aborted, r.Outcome);
    }

    [Fact]
    public void ExactlyThreeDocumentsAndNothingLeftOpen()
    {
        Assert.Equal(3, _run.Records.Count);
        Assert.Equal(0, _run.Pipeline.Sessionizer.OpenMessages);
        Assert.Equal(0, _run.Counters.Malformed);
    }

    [Fact]
    public void ConnectionLostDocumentAsJson()
    {
        using var json = System.Text.Json.JsonDocument.Parse(EcsJson.ToJson(_run.Single(1404)));
        var root = json.RootElement;

        Assert.Equal("2014-08-14T11:05:36Z", root.GetProperty("@timestamp").GetString());
        var e = root.GetProperty("event");
        Assert.Equal("message-aborted", e.GetProperty("action").GetString());
        Assert.Equal("failure", e.GetProperty("outcome").GetString());
        Assert.Equal("Receiving aborted", e.GetProperty("reason").GetString());
        Assert.Equal("2014-08-14T11:04:51Z", e.GetProperty("start").GetString());
        Assert.Equal(45_000_000_000L, e.GetProperty("duration").GetInt64());
        Assert.Equal("email", e.GetProperty("category")[0].GetString());
        Assert.Equal("cisco_esa.session", e.GetProperty("dataset").GetString());
        Assert.Equal(32, e.GetProperty("id").GetString()!.Length);

        var esa = root.GetProperty("cisco").GetProperty("esa");
        Assert.Equal(1404, esa.GetProperty("mid").GetInt64());
        Assert.Equal(10293, esa.GetProperty("icid").GetInt64());
        Assert.Equal("connection_lost", esa.GetProperty("abort").GetProperty("class").GetString());
        Assert.Contains("packet capture", esa.GetProperty("abort").GetProperty("hint").GetString(), StringComparison.Ordinal);
        var connection = esa.GetProperty("connection");
        Assert.Equal("RELAY", connection.GetProperty("policy").GetString());
        Assert.Equal("RELAY_SG", connection.GetProperty("sender_group").GetString());
        Assert.Equal("not enabled", connection.GetProperty("sbrs_status").GetString());
        Assert.False(connection.GetProperty("reverse_dns_verified").GetBoolean());
        Assert.True(connection.GetProperty("lost").GetBoolean());
        Assert.Equal("Management", connection.GetProperty("interface").GetString());

        Assert.Equal("1404", root.GetProperty("email").GetProperty("local_id").GetString());
        Assert.Equal("user@domain.com", root.GetProperty("email").GetProperty("from").GetProperty("address")[0].GetString());
        Assert.Equal("end_user@example.com", root.GetProperty("email").GetProperty("to").GetProperty("address")[0].GetString());
        Assert.Equal("ns.example.com", root.GetProperty("source").GetProperty("domain").GetString());
        Assert.Equal(["192.168.0.200", "192.168.0.199"], root.GetProperty("related").GetProperty("ip").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("esa1.example.com", root.GetProperty("observer").GetProperty("hostname").GetString());
        Assert.Equal("Secure Email Gateway", root.GetProperty("observer").GetProperty("product").GetString());
        Assert.Equal("smtp", root.GetProperty("network").GetProperty("protocol").GetString());
        Assert.True(root.GetProperty("ecs").TryGetProperty("version", out _));
    }

    [Fact]
    public void EventIdIsDeterministic()
    {
        var again = PipelineRun.Of(PipelineRun.SampleLines("seed-tech-note.log"));
        Assert.Equal(_run.Records.Select(r => r.EventId), again.Records.Select(r => r.EventId));
        Assert.Equal(3, _run.Records.Select(r => r.EventId).Distinct().Count());
    }
}

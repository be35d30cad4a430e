using System.Text.Json.Nodes;
using EsaBridge.Tests.Doubles;
using EsaBridge.Tests.TestDoubles.Hec;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>The HEC double answers like HEC (docs/splunk-notes.md), checked with plain HTTP requests.</summary>
public sealed class HecDoubleWireTests : IAsyncLifetime
{
    private const string Token = "11111111-2222-3333-4444-555555555555";
    private const string Channel = "8a3a7a2e-7d4c-4b0b-9c41-3c2a1f7e9b10";
    private HecDouble _hec = null!;

    public async Task InitializeAsync() => _hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = Token });

    public async Task DisposeAsync() => await _hec.DisposeAsync();

    [Fact]
    public async Task HealthAnswersCode17AndTheUnhealthyCodesWith503()
    {
        using var http = Http(authorization: null);
        var healthy = await http.SendAsync("GET", "services/collector/health");
        Assert.Equal(200, healthy.Code);
        AssertAnswer(healthy, "HEC is healthy", 17);

        _hec.Options.Health = HecCode.QueuesFull;
        var full = await http.SendAsync("GET", "services/collector/health/1.0");
        Assert.Equal(503, full.Code);
        AssertAnswer(full, "HEC is unhealthy, queues are full", 18);
    }

    [Theory]
    [InlineData(null, 401, "Token is required", 2)]
    [InlineData("Bearer " + Token, 401, "Invalid authorization", 3)]
    [InlineData("Splunk 00000000-0000-0000-0000-000000000000", 403, "Invalid token", 4)]
    public async Task AuthorizationErrorsCarryTheirTextAndCode(string? authorization, int status, string text, int code)
    {
        using var http = Http(authorization);

        var reply = await http.SendAsync("POST", "services/collector/event", """{"event":"x"}""");

        Assert.Equal(status, reply.Code);
        AssertAnswer(reply, text, code);
        Assert.Equal(0, _hec.EventCount);
    }

    [Fact]
    public async Task ADisabledTokenAndQueryStringTokensAreRefused()
    {
        using var anonymous = Http(authorization: null);
        var query = await anonymous.SendAsync("POST", $"services/collector/event?token={Token}", """{"event":"x"}""");
        Assert.Equal(400, query.Code);
        AssertAnswer(query, "Query string authorization is not enabled", 16);

        _hec.Options.TokenDisabled = true;
        using var http = Http();
        var disabled = await http.SendAsync("POST", "services/collector/event", """{"event":"x"}""");
        Assert.Equal(403, disabled.Code);
        AssertAnswer(disabled, "Token disabled", 1);
    }

    [Theory]
    [InlineData("", "No data", 5, null)]
    [InlineData("""[{"event":"a"}]""", "Invalid data format", 6, 0)]
    [InlineData("""{"event":"a"}{"time":1}""", "Event field is required", 12, 1)]
    [InlineData("""{"event":"a"}{"event":"b"}{"event":"  "}""", "Event field cannot be blank", 13, 2)]
    [InlineData("""{"event":"a","fields":{"x":{"y":1}}}""", "Error in handling indexed fields", 15, 0)]
    [InlineData("""{"event":"a"}{"event":""", "Invalid data format", 6, 1)]
    public async Task FormatErrorsNameTheFaultyEventAndIndexTheOnesBeforeIt(string body, string text, int code, int? number)
    {
        using var http = Http();

        var reply = await http.SendAsync("POST", "services/collector/event", body);

        Assert.Equal(400, reply.Code);
        AssertAnswer(reply, text, code);
        Assert.Equal(number, reply.Json["invalid-event-number"]?.GetValue<int>());
        Assert.Equal(number ?? 0, _hec.EventCount);
    }

    [Fact]
    public async Task AnIndexTheTokenMayNotUseIsCode7ForThatEvent()
    {
        _hec.Options.AllowedIndexes = ["mail"];
        using var http = Http();

        var reply = await http.SendAsync("POST", "services/collector", """{"event":"a","index":"mail"} {"event":"b","index":"main"}""");

        Assert.Equal(400, reply.Code);
        AssertAnswer(reply, "Incorrect index", 7);
        Assert.Equal(1, reply.Json["invalid-event-number"]!.GetValue<int>());
        Assert.Equal("a", Assert.Single(_hec.Events).Event.GetValue<string>());
    }

    [Fact]
    public async Task ConcatenatedAndGzippedEventsAreIndexedOnEveryEventPath()
    {
        using var http = Http();

        var plain = await http.SendAsync("POST", "services/collector/event/1.0", """{"event":{"a":1},"fields":{"f":["x","y"]}}""" + "\n" + """{"event":"two"}""");
        var zipped = await http.SendAsync("POST", "services/collector/1.0", """{"event":"three","sourcetype":"s"}""", gzip: true);

        AssertAnswer(plain, "Success", 0);
        AssertAnswer(zipped, "Success", 0);
        Assert.Equal(3, _hec.EventCount);
        Assert.Equal("s", _hec.Events[2].Envelope["sourcetype"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithAcknowledgementAChannelIsRequiredAndAckIdsCountFromZeroPerChannel()
    {
        _hec.Options.AckEnabled = true;
        using var http = Http();

        var missing = await http.SendAsync("POST", "services/collector/event", """{"event":"a"}""");
        Assert.Equal(400, missing.Code);
        AssertAnswer(missing, "Data channel is missing", 10);

        var invalid = await http.SendAsync(Post("services/collector/event", """{"event":"a"}""", "not-a-guid"));
        Assert.Equal(400, invalid.Code);
        AssertAnswer(invalid, "Invalid data channel", 11);

        var first = await http.SendAsync(Post("services/collector/event", """{"event":"a"}""", Channel));
        var second = await http.SendAsync(Post($"services/collector/event?channel={Channel}", """{"event":"b"}""", channel: null));
        var other = await http.SendAsync(Post("services/collector/event", """{"event":"c"}""", Guid.NewGuid().ToString()));
        Assert.Equal(0, first.Json["ackId"]!.GetValue<long>());
        Assert.Equal(1, second.Json["ackId"]!.GetValue<long>());
        Assert.Equal(0, other.Json["ackId"]!.GetValue<long>());

        var poll = await http.SendAsync(Post("services/collector/ack", """{"acks":[0,1,5]}""", Channel));
        Assert.Equal(JsonNode.Parse("""{"acks":{"0":true,"1":true,"5":false}}"""), poll.Json, JsonNode.DeepEquals);
        var again = await http.SendAsync(Post("services/collector/ack", """{"acks":[0]}""", Channel));
        Assert.False(again.Json["acks"]!["0"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DelayedAcksStayFalseForTheirPollsAndLostBatchesAreNeverIndexed()
    {
        _hec.Options.AckEnabled = true;
        _hec.Faults.DelayAcks(polls: 2);
        _hec.Faults.LoseNext();
        using var http = Http();

        var lost = await http.SendAsync(Post("services/collector/event", """{"event":"lost"}""", Channel));
        var kept = await http.SendAsync(Post("services/collector/event", """{"event":"kept"}""", Channel));

        AssertAnswer(lost, "Success", 0);
        Assert.Equal(1, _hec.EventCount);
        var polls = new List<JsonNode>();
        for (int i = 0; i < 4; i++)
        {
            polls.Add((await http.SendAsync(Post("services/collector/ack", """{"acks":[0,1]}""", Channel))).Json["acks"]!);
        }

        Assert.All(polls, p => Assert.False(p["0"]!.GetValue<bool>()));
        Assert.Equal([false, false, true, false], polls.Select(p => p["1"]!.GetValue<bool>()));
        Assert.Equal(1, kept.Json["ackId"]!.GetValue<long>());
    }

    [Fact]
    public async Task AckPollsWithoutAcknowledgementOnAreCode14()
    {
        using var http = Http();

        var reply = await http.SendAsync(Post("services/collector/ack", """{"acks":[0]}""", Channel));

        Assert.Equal(400, reply.Code);
        AssertAnswer(reply, "ACK is disabled", 14);
    }

    [Fact]
    public async Task BodiesOverMaxContentLengthGet413AndBusyServersSayWhenToComeBack()
    {
        _hec.Options.MaxContentLength = 20;
        using var http = Http();
        var large = await http.SendAsync("POST", "services/collector/event", """{"event":"a long enough event"}""");
        Assert.Equal(413, large.Code);

        _hec.Options.MaxContentLength = 1 << 20;
        _hec.Faults.FailNext(HecCode.ServerBusy, retryAfter: TimeSpan.FromSeconds(3));
        _hec.Faults.FailNext(HecCode.InternalServerError);
        var busy = await http.SendAsync("POST", "services/collector/event", """{"event":"a"}""");
        var broken = await http.SendAsync("POST", "services/collector/event", """{"event":"a"}""");
        Assert.Equal(503, busy.Code);
        AssertAnswer(busy, "Server is busy", 9);
        Assert.Equal("3", busy.Header("Retry-After"));
        Assert.Equal(500, broken.Code);
        AssertAnswer(broken, "Internal server error", 8);
        Assert.Equal(0, _hec.EventCount);
    }

    [Fact]
    public async Task ADroppedRequestIndexesNothing()
    {
        _hec.Faults.DropNext();
        using var http = Http();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync("POST", "services/collector/event", """{"event":"a"}"""));

        Assert.Equal(0, _hec.EventCount);
    }

    private RawHttp Http(string? authorization = "Splunk " + Token) => new(_hec.Url, authorization);

    private static HttpRequestMessage Post(string path, string body, string? channel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = RawHttp.Content(body, "application/json", gzip: false) };
        if (channel is not null)
        {
            request.Headers.Add("X-Splunk-Request-Channel", channel);
        }

        return request;
    }

    private static void AssertAnswer(Reply reply, string text, int code)
    {
        Assert.Equal(text, reply.Json["text"]!.GetValue<string>());
        Assert.Equal(code, reply.Json["code"]!.GetValue<int>());
    }
}

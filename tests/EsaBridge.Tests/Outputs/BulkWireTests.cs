using System.Text;
using System.Text.Json;
using EsaBridge.Delivery;
using EsaBridge.Outputs.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

public class BulkWireTests
{
    private static readonly BulkRequestBody Body = new("logs-cisco_esa.connection-default");

    [Fact]
    public void BodyIsCreateActionsWithEventIdsAndEndsWithANewline()
    {
        var body = Encoding.UTF8.GetString(Body.Build([
            new OutgoingDocument("a1", Encoding.UTF8.GetBytes("{\"x\":1}")),
            new OutgoingDocument("b2", Encoding.UTF8.GetBytes("{\"x\":2}")),
        ]));

        Assert.Equal("{\"create\":{\"_id\":\"a1\"}}\n{\"x\":1}\n{\"create\":{\"_id\":\"b2\"}}\n{\"x\":2}\n", body);
    }

    [Fact]
    public void IdsAreJsonEscapedAndDocumentsCopiedAsTheyAre()
    {
        var body = Encoding.UTF8.GetString(Body.Build([new OutgoingDocument("a\"b", Encoding.UTF8.GetBytes("{\"s\":\"é\"}"))]));

        Assert.Equal("{\"create\":{\"_id\":\"a\\u0022b\"}}\n{\"s\":\"é\"}\n", body);
    }

    /// <summary>The request's path names the session data stream; a connection document's action names its own, found
    /// by its <c>event.dataset</c> (not by a <c>"dataset"</c> text inside a string, whose quotes are escaped).</summary>
    [Fact]
    public void ConnectionDocumentsNameTheirDataStreamInTheirAction()
    {
        var body = Encoding.UTF8.GetString(Body.Build([
            new OutgoingDocument("s1", Encoding.UTF8.GetBytes("{\"event\":{\"id\":\"s1\",\"dataset\":\"cisco_esa.session\"}}")),
            new OutgoingDocument("c1", Encoding.UTF8.GetBytes("{\"event\":{\"id\":\"c1\",\"dataset\":\"cisco_esa.connection\"}}")),
            new OutgoingDocument("s2", Encoding.UTF8.GetBytes("{\"email\":{\"subject\":\"\\\"dataset\\\":\\\"cisco_esa.connection\\\"\"}}")),
        ]));

        Assert.Equal(
            "{\"create\":{\"_id\":\"s1\"}}\n{\"event\":{\"id\":\"s1\",\"dataset\":\"cisco_esa.session\"}}\n" +
            "{\"create\":{\"_index\":\"logs-cisco_esa.connection-default\",\"_id\":\"c1\"}}\n{\"event\":{\"id\":\"c1\",\"dataset\":\"cisco_esa.connection\"}}\n" +
            "{\"create\":{\"_id\":\"s2\"}}\n{\"email\":{\"subject\":\"\\\"dataset\\\":\\\"cisco_esa.connection\\\"\"}}\n",
            body);
    }

    [Theory]
    [InlineData("logs-cisco_esa.session-default", "logs-cisco_esa.connection-default")]
    [InlineData("logs-cisco_esa.session-prod", "logs-cisco_esa.connection-prod")]
    [InlineData("esa-mail", "esa-mail-connection")]
    public void TheConnectionDataStreamIsNamedAfterTheSessionOne(string sessions, string connections)
    {
        Assert.Equal(connections, new ElasticsearchSettings { Urls = [new Uri("http://es:9200")], DataStream = sessions }.ConnectionDataStream);
    }

    [Fact]
    public void ItemsAreReadInOrderWithTheirErrors()
    {
        const string answer = """
            {"took":3,"errors":true,"items":[
              {"create":{"_index":".ds-x-2026.11.28-000001","_id":"a","_version":1,"result":"created","status":201}},
              {"create":{"_index":".ds-x","_id":"b","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[b]: version conflict, document already exists (current version [1])"}}},
              {"create":{"_index":".ds-x","_id":"c","status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"}}},
              {"create":{"_index":".ds-x","_id":"d","status":400,"error":{"type":"document_parsing_exception","reason":"[1:20] failed to parse field [source.ip] of type [ip]"}}}
            ]}
            """;

        var items = BulkResponseReader.ReadItems(Encoding.UTF8.GetBytes(answer), 4)!;

        Assert.True(items[0].Created);
        Assert.True(items[1].AlreadyPresent);
        Assert.True(items[2].Retryable);
        Assert.False(items[3].Retryable || items[3].Created || items[3].AlreadyPresent);
        Assert.Equal("document_parsing_exception: [1:20] failed to parse field [source.ip] of type [ip]", items[3].Reason);
        Assert.Null(BulkResponseReader.ReadItems(Encoding.UTF8.GetBytes(answer), 3));
        Assert.Null(BulkResponseReader.ReadItems("<html>bad gateway</html>"u8.ToArray(), 4));
    }

    [Fact]
    public async Task BodiesLargerThanTheWriteBufferAndDocumentsLargerThanItArriveWhole()
    {
        var documents = Enumerable.Range(0, 300)
            .Select(i => new OutgoingDocument($"id{i}", Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', i == 150 ? 200_000 : 500)}\"}}")))
            .ToList();
        string expected = string.Concat(documents.Select(d => $"{{\"create\":{{\"_id\":\"{d.Id}\"}}}}\n{Encoding.UTF8.GetString(d.Json.Span)}\n"));

        using var streamed = new MemoryStream();
        await Body.WriteToAsync(documents, streamed, CancellationToken.None);

        Assert.Equal(expected, Encoding.UTF8.GetString(Body.Build(documents)));
        Assert.Equal(expected, Encoding.UTF8.GetString(streamed.ToArray()));
    }

    [Fact]
    public void AnswersTrimmedByFilterPathAreReadLikeFullOnes()
    {
        const string trimmed = """
            {"items":[{"create":{"status":201}},{"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[b]: exists"}}},
              {"create":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"}}}]}
            """;

        var items = BulkResponseReader.ReadItems(Encoding.UTF8.GetBytes(trimmed), 3)!;

        Assert.Equal([201, 409, 429], items.Select(i => i.Status));
        Assert.True(items[0].Created && items[1].AlreadyPresent && items[2].Retryable);
        Assert.Equal("es_rejected_execution_exception: rejected execution", items[2].Reason);
        Assert.Null(BulkResponseReader.ReadItems("""{"items":[{"create":{"status":201}},"x"]}"""u8, 2));
        Assert.Null(BulkResponseReader.ReadItems("""{"items":[{"create":{"status":"201"}}]}"""u8, 1));
        Assert.Null(BulkResponseReader.ReadItems("""{"items":[{"create":{"status":201}}]} trailing"""u8, 1));
        Assert.Null(BulkResponseReader.ReadItems("""{"errors":false}"""u8, 1));
    }

    [Fact]
    public void ServerErrorsAreQuotedInTheirOwnWords()
    {
        const string unauthorized = """{"error":{"root_cause":[],"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request"},"status":401}""";

        Assert.Equal(
            "HTTP 401 security_exception: unable to authenticate with provided credentials and anonymous access is not allowed for this request",
            BulkResponseReader.ErrorOf(401, Encoding.UTF8.GetBytes(unauthorized)));
        Assert.Equal("HTTP 502: <html>Bad Gateway</html>", BulkResponseReader.ErrorOf(502, "<html>Bad Gateway</html>"u8));
        Assert.Equal("HTTP 413", BulkResponseReader.ErrorOf(413, []));
    }

    [Fact]
    public void BackoffStaysWithinTheExponentialCeiling()
    {
        var backoff = new FullJitterBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (int attempt = 0; attempt < 12; attempt++)
        {
            double ceiling = Math.Min(30_000, 1_000 * Math.Pow(2, attempt));
            for (int i = 0; i < 50; i++)
            {
                double delay = backoff.Delay(attempt).TotalMilliseconds;
                Assert.InRange(delay, 0, ceiling);
            }
        }
    }

    [Fact]
    public void DeadLettersCarryTheReasonAndTheDocument()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dead-{Guid.NewGuid():N}.ndjson");
        try
        {
            using (var file = new DeadLetterFile(path))
            {
                file.Write("elasticsearch", new OutgoingDocument("id1", Encoding.UTF8.GetBytes("{\"a\":[1,2]}")), 400, "document_parsing_exception: bad");
            }

            var line = JsonDocument.Parse(File.ReadAllLines(path).Single()).RootElement;
            Assert.Equal("elasticsearch", line.GetProperty("output").GetString());
            Assert.Equal(400, line.GetProperty("status").GetInt32());
            Assert.Equal("document_parsing_exception: bad", line.GetProperty("reason").GetString());
            Assert.Equal("id1", line.GetProperty("event_id").GetString());
            Assert.Equal(2, line.GetProperty("document").GetProperty("a")[1].GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

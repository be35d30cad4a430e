using System.Text;
using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// <c>run</c> writes each document framed with its <c>event.id</c>, for the spool: the JSON must be exactly what
/// <c>parse</c> writes, and the id the one inside it.
/// </summary>
public sealed class FramedDocumentTests
{
    [Theory]
    [MemberData(nameof(DirectDocumentTests.Samples), MemberType = typeof(DirectDocumentTests))]
    public void Frames_hold_the_parse_documents_and_their_ids(string sample)
    {
        var lines = DirectDocumentTests.Lines(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", sample)));
        string[] expected = DirectNdjson.Of(lines, "esa1.example.com", "/var/log/esa/mail.current", flushIncomplete: true, connections: true)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var frames = new MemoryStream();
        var sink = new FramedDocumentSink(
            written =>
            {
                frames.Write(written);
                return new byte[16];
            },
            new byte[16],
            1);
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink);
        pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
        lines.ForEach(line => pipeline.Feed(line));
        pipeline.FlushIncomplete();
        sink.Flush();

        var documents = new List<(string Id, string Json)>();
        ReadOnlySpan<byte> rest = frames.ToArray();
        while (!rest.IsEmpty)
        {
            int length = FramedDocumentSink.FrameLength(rest);
            FramedDocumentSink.Split(rest[..length], out var id, out var json);
            documents.Add((Encoding.ASCII.GetString(id), Encoding.UTF8.GetString(json)));
            rest = rest[length..];
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, documents.Select(d => d.Json));
        foreach (var (id, json) in documents)
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(document.RootElement.GetProperty("event").GetProperty("id").GetString(), id);
        }
    }

    [Theory]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 1, (byte)'a' })]
    [InlineData(new byte[] { 2, 0, 0, 0, 5, (byte)'a' })]
    [InlineData(new byte[] { 255, 255, 255, 255, 1, (byte)'a' })]
    public void Bytes_that_are_not_a_frame_are_refused(byte[] bytes)
    {
        Assert.Throws<InvalidDataException>(() => FramedDocumentSink.FrameLength(bytes));
    }
}

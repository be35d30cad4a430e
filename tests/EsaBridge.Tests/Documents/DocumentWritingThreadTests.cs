using System.Reflection;
using System.Text;
using EsaBridge.Bench;
using EsaBridge.Bench.Generation;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// <c>parse</c>, <c>ship</c> and <c>run</c> write documents on a thread of their own (<see cref="DocumentWritingThread"/>),
/// from the sessionizer's states, which it keeps until written: the documents must be the very ones written on the
/// sessionizer's thread, whatever the connection's later lines say, and a failure to hand them on must reach the caller.
/// </summary>
public sealed class DocumentWritingThreadTests
{
    [Fact]
    public void A_generated_log_gives_the_same_bytes_on_the_writing_thread()
    {
        var log = new MemoryStream();
        LogGenerator.Generate(log, new GeneratorOptions { TargetBytes = 3 << 20, Seed = 5 });
        var lines = DirectDocumentTests.Lines(log.ToArray());

        string onSessionizer = Documents(lines, writingThread: false, flushBytes: 1 << 16);
        string onThread = Documents(lines, writingThread: true, flushBytes: 1 << 16);

        Assert.True(onSessionizer.Length > 1 << 20, "a few thousand documents");
        Assert.Contains("\"dataset\":\"cisco_esa.connection\"", onSessionizer);
        Assert.Equal(onSessionizer, onThread);
    }

    [Theory]
    [MemberData(nameof(DirectDocumentTests.Samples), MemberType = typeof(DirectDocumentTests))]
    public void Samples_give_the_same_bytes_on_the_writing_thread(string sample)
    {
        var lines = DirectDocumentTests.Lines(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", sample)));

        // Arrays handed on after every document, and incomplete ones flushed at the end: every path of the hand-off.
        Assert.Equal(Documents(lines, writingThread: false, flushBytes: 1), Documents(lines, writingThread: true, flushBytes: 1));
    }

    [Fact]
    public void A_message_document_says_what_its_connection_said_when_it_finished()
    {
        // The message is done on a connection that is then lost after a TLS failure, on an appliance whose header then
        // names another version: the message's document, still waiting for its batch, must not show any of it.
        string[] log =
        [
            "Mon Aug 18 10:00:00 2014 Info: Version: 14.2.0-620 SN: 111-AAA",
            "Mon Aug 18 10:00:01 2014 Info: New SMTP ICID 7 interface Data 1 (10.0.0.1) address 192.0.2.10 reverse dns host mx.example.org verified yes",
            "Mon Aug 18 10:00:01 2014 Info: ICID 7 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 3.5 country Netherlands",
            "Mon Aug 18 10:00:02 2014 Info: Start MID 70 ICID 7",
            "Mon Aug 18 10:00:02 2014 Info: MID 70 ICID 7 From: <a@example.org>",
            "Mon Aug 18 10:00:02 2014 Info: MID 70 ICID 7 RID 0 To: <b@example.com>",
            "Mon Aug 18 10:00:03 2014 Info: MID 70 ready 1200 bytes from <a@example.org>",
            "Mon Aug 18 10:00:04 2014 Info: Message finished MID 70 done",
            "Mon Aug 18 10:00:05 2014 Info: ICID 7 TLS failed: [Errno 54] Connection reset by peer",
            "Mon Aug 18 10:00:05 2014 Info: Version: 15.0.0-104 SN: 111-AAA",
            "Mon Aug 18 10:00:06 2014 Info: ICID 7 lost",
            "Mon Aug 18 10:00:06 2014 Info: ICID 7 close",
        ];
        var lines = log.Select(Encoding.UTF8.GetBytes).ToList();

        string onThread = Documents(lines, writingThread: true, flushBytes: 1 << 16);
        string message = onThread.Split('\n').Single(d => d.Contains("\"dataset\":\"cisco_esa.session\""));
        string connection = onThread.Split('\n').Single(d => d.Contains("\"dataset\":\"cisco_esa.connection\""));

        Assert.Equal(Documents(lines, writingThread: false, flushBytes: 1 << 16), onThread);
        Assert.Contains("\"lost\":false", message);
        Assert.DoesNotContain("tls_failure", message);
        Assert.Contains("\"version\":\"14.2.0-620\"", message);
        Assert.Contains("\"lost\":true", connection);
        Assert.Contains("\"version\":\"15.0.0-104\"", connection);
    }

    [Fact]
    public void A_failed_hand_off_on_the_writing_thread_is_thrown_to_the_sessionizer_and_at_flush()
    {
        var log = new MemoryStream();
        LogGenerator.Generate(log, new GeneratorOptions { TargetBytes = 1 << 20, Seed = 9 });
        var lines = DirectDocumentTests.Lines(log.ToArray());
        int handOffs = 0;
        using var sink = new NdjsonDocumentSink(
            written => ++handOffs < 3 ? new byte[16] : throw new IOException("No space left on device"),
            new byte[16],
            flushBytes: 4096,
            writingThread: "test-write");
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink);

        // Every line is fed (the batches keep coming back after the failure, nothing waits for ever), and the failure
        // comes out of a later Write as the sessionizer's own exception.
        var thrown = Assert.Throws<IOException>(() => lines.ForEach(line => pipeline.Feed(line)));
        Assert.Equal("No space left on device", thrown.Message);
        Assert.Equal("No space left on device", Assert.Throws<IOException>(sink.Flush).Message);
    }

    [Fact]
    public void A_frozen_connection_copies_every_field_but_its_place_in_the_tables()
    {
        string[] notCopied =
        [
            nameof(ConnectionState.Mids), nameof(ConnectionState.Snapshot), nameof(ConnectionState.Messages),
            nameof(ConnectionState.InTable), nameof(ConnectionState.TableKey), nameof(ConnectionState.ChangedIn),
            nameof(ConnectionState.JournalId),
        ];
        var open = new ConnectionState();
        var properties = typeof(ConnectionState)
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.CanWrite && !notCopied.Contains(p.Name))
            .ToList();
        foreach (var property in properties)
        {
            property.SetValue(open, SomeValue(property.PropertyType, property.Name));
        }

        var copy = new ConnectionState();
        copy.CopyFieldsOf(open);

        Assert.All(properties, p => Assert.Equal(p.GetValue(open), p.GetValue(copy)));
        Assert.Equal(open.SourceIpText.ToStringOrNull(), copy.SourceIpText.ToStringOrNull());
        Assert.Equal(open.ReverseDnsText.ToStringOrNull(), copy.ReverseDnsText.ToStringOrNull());
        Assert.True(properties.Count > 20, "the properties were found");

        // The copy owns its bytes: the open connection's next value does not show through.
        open.SourceIp = "203.0.113.99";
        Assert.NotEqual(open.SourceIp, copy.SourceIp);
    }

    private static object SomeValue(Type type, string name) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => name + "-value",
            var t when t == typeof(bool) => true,
            var t when t == typeof(long) => 1_400_000_000L + name.Length,
            var t when t == typeof(int) => name.Length,
            var t when t == typeof(double) => 4.5,
            var t => throw new InvalidOperationException($"a value for {name} ({t})"),
        };

    private static string Documents(List<byte[]> lines, bool writingThread, int flushBytes)
    {
        var output = new MemoryStream();
        using var sink = new NdjsonDocumentSink(
            written =>
            {
                output.Write(written);
                return new byte[16];
            },
            new byte[16],
            flushBytes,
            writingThread ? "test-write" : null);
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), sink);
        pipeline.SetSource("esa1.example.com", "/var/log/mail.current");
        lines.ForEach(line => pipeline.Feed(line));
        pipeline.FlushIncomplete();
        sink.Flush();
        return Encoding.UTF8.GetString(output.ToArray());
    }
}

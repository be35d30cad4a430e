using System.Text;
using System.Text.Json;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// Documents are written straight from the sessionizer's state; <c>report</c> and tests read records made of the same
/// messages. A record written back through the writer (<see cref="EcsJson"/>) gives the very same bytes: it holds
/// everything its document shows.
/// </summary>
public sealed class DirectDocumentTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        string dir = Path.Combine(AppContext.BaseDirectory, "Samples");
        foreach (string file in Directory.EnumerateFiles(dir, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(dir, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Samples_give_the_same_bytes_as_the_records(string sample)
    {
        var lines = Lines(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", sample)));

        foreach (string? appliance in new[] { null, "esa1.example.com" })
        {
            string expected = DirectNdjson.ViaRecords(lines, appliance, "/var/log/esa/mail.current", flushIncomplete: true);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, DirectNdjson.Of(lines, appliance, "/var/log/esa/mail.current", flushBytes: 1, flushIncomplete: true));
        }
    }

    [Fact]
    public void Text_that_needs_escaping_is_escaped_as_the_records_are()
    {
        string[] texts =
        [
            "plain", "", "a \"quoted\" word", "back\\slash", "tab\there", "caf\u00e9 \u65e5\u672c", "emoji \U0001F600 end",
            "line\u2028separator", "bom \uFEFF", "private \uE000 use", "<html> & 'single' `tick` +plus", "~!@#$%^&*()_={}[]|:;,.?/",
        ];
        var log = new StringBuilder();
        for (int i = 0; i < texts.Length; i++)
        {
            int mid = 100 + i;
            int icid = 500 + i;
            string t = texts[i];
            log.Append($"Thu Aug 14 11:04:31 2014 Info: New SMTP ICID {icid} interface Data {t} (10.0.0.1) address 192.0.2.{i} reverse dns host mx{i}.example.com verified yes\n");
            log.Append($"Thu Aug 14 11:04:31 2014 Info: ICID {icid} ACCEPT SG GROUP_{i} match sbrs[-1.0:10.0] SBRS {i}.{i}\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: Start MID {mid} ICID {icid}\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: MID {mid} ICID {icid} From: <{t}@example.com>\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: MID {mid} ICID {icid} RID 0 To: <{t}@example.org>\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: MID {mid} Message-ID '<{t}@example.com>'\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: MID {mid} Subject '{t}'\n");
            log.Append($"Thu Aug 14 11:04:33 2014 Info: Message aborted MID {mid} {t}\n");
            log.Append($"Thu Aug 14 11:04:33 2014 Info: Message finished MID {mid} aborted\n");
        }

        var lines = Lines(Encoding.UTF8.GetBytes(log.ToString()));
        string expected = DirectNdjson.ViaRecords(lines, "esa \"1\"\t\u00e9", "/logs/caf\u00e9 \"x\"");
        Assert.Equal(texts.Length, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\\\"quoted\\\"", expected, StringComparison.Ordinal);
        Assert.Contains("\\t", expected, StringComparison.Ordinal);
        Assert.Equal(expected, DirectNdjson.Of(lines, "esa \"1\"\t\u00e9", "/logs/caf\u00e9 \"x\""));
    }

    [Fact]
    public void Sbrs_scores_are_written_as_the_json_writer_writes_doubles()
    {
        var log = new StringBuilder();
        string[] scores = ["-10.0", "-1.5", "-0.0", "0", "0.1", "3.33333", "1e3", "9.99", "10.0", "12345678.9", "0.000001"];
        for (int i = 0; i < scores.Length; i++)
        {
            log.Append($"Thu Aug 14 11:04:31 2014 Info: New SMTP ICID {500 + i} interface Data 1 (10.0.0.1) address 192.0.2.{i} reverse dns host unknown verified no\n");
            log.Append($"Thu Aug 14 11:04:31 2014 Info: ICID {500 + i} ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS {scores[i]}\n");
            log.Append($"Thu Aug 14 11:04:32 2014 Info: Start MID {100 + i} ICID {500 + i}\n");
            log.Append($"Thu Aug 14 11:04:33 2014 Info: Message finished MID {100 + i} done\n");
        }

        var lines = Lines(Encoding.UTF8.GetBytes(log.ToString()));
        string expected = DirectNdjson.ViaRecords(lines, null, null);
        Assert.Equal(scores.Length, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => JsonDocument.Parse(l).RootElement.GetProperty("cisco").GetProperty("esa").GetProperty("connection").TryGetProperty("sbrs", out _)));
        Assert.Equal(expected, DirectNdjson.Of(lines, null, null));
    }

    internal static List<byte[]> Lines(byte[] log)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int newline; (newline = log.AsSpan(start).IndexOf((byte)'\n')) >= 0; start += newline + 1)
        {
            lines.Add(log.AsSpan(start, newline).ToArray());
        }

        if (start < log.Length)
        {
            lines.Add(log.AsSpan(start).ToArray());
        }

        return lines;
    }
}

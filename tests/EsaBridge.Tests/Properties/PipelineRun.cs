using System.Text.Json;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Properties;

/// <summary>What one fresh pipeline made of a stream of lines.</summary>
public sealed class PipelineRun
{
    private PipelineRun(List<SessionRecord> records, PipelineCounters counters, int openMessages, int openConnections)
    {
        Records = records;
        Counters = counters;
        OpenMessages = openMessages;
        OpenConnections = openConnections;
        Json = records.Select(EcsJson.ToJson).ToList();
    }

    public IReadOnlyList<SessionRecord> Records { get; }

    public PipelineCounters Counters { get; }

    public int OpenMessages { get; }

    public int OpenConnections { get; }

    /// <summary>The connection documents <c>esabridge parse</c> writes, in the order it writes them.</summary>
    public IReadOnlyList<string> ConnectionJson { get; private set; } = [];

    public IReadOnlyList<string> SortedConnectionJson => Sorted(ConnectionJson);

    /// <summary>The documents in emission order.</summary>
    public IReadOnlyList<string> Json { get; }

    public IReadOnlyList<string> SortedJson => Sorted(Json);

    /// <param name="appliance">Name for lines without a syslog host (null: none, as for pure syslog input).</param>
    /// <remarks>
    /// Every run also writes the documents the way <c>esabridge parse</c> does (straight from the sessionizer's state,
    /// <see cref="NdjsonDocumentSink"/>, connection documents included) and checks that its session documents are byte for
    /// byte the records' encoding; its connection documents are <see cref="ConnectionJson"/>.
    /// </remarks>
    public static PipelineRun Of(IEnumerable<byte[]> lines, string? appliance)
    {
        var all = lines as IReadOnlyList<byte[]> ?? lines.ToList();
        var records = new List<SessionRecord>();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), records.Add);
        pipeline.SetSource(appliance, null);
        foreach (byte[] line in all)
        {
            pipeline.Feed(line);
        }

        var run = new PipelineRun(records, pipeline.Counters, pipeline.Sessionizer.OpenMessages, pipeline.Sessionizer.OpenConnections);
        var parsed = DirectNdjson.Of(all, appliance, null, connections: true).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToLookup(ConnectionFacts.IsConnection);
        Assert.Equal(run.Json, parsed[false]);
        run.ConnectionJson = parsed[true].ToList();
        return run;
    }

    public static List<string> Sorted(IEnumerable<string> json) => json.Order(StringComparer.Ordinal).ToList();
}

/// <summary>The facts of one document that a generated session fixes; records compare by value and print every field.</summary>
public sealed record MessageFacts(
    string Appliance,
    long Mid,
    long? Icid,
    MessageOutcome Outcome,
    AbortClass AbortClass,
    string? Reason,
    long? IdleSeconds,
    bool NearTimeout,
    long StartSeconds,
    long EndSeconds,
    string? From,
    string To,
    string? MessageId,
    string? Subject,
    long? Size,
    string Dcids,
    string? SourceIp,
    string? ListenerIp,
    string? Interface,
    string? ReverseDns,
    bool? ReverseDnsVerified,
    string? Policy,
    string? SenderGroup,
    double? Sbrs,
    string? SbrsStatus,
    bool? Lost,
    string? JsonClass,
    bool? JsonNearTimeout,
    long? JsonIdleSeconds,
    string? JsonHostname,
    string? Disposition,
    string Quarantines,
    string? Spam,
    string? SpamEngine,
    string? Antivirus,
    string? Amp,
    string? Outbreak,
    string? Dmarc,
    string Recipients)
{
    public static MessageFacts Expected(string appliance, GeneratedSession session, ExpectedMessage m)
    {
        var c = session.Connection;
        double? score = GeneratedSession.SbrsScore(c.Sbrs);
        return new MessageFacts(
            appliance,
            m.Mid,
            m.Icid,
            m.Outcome,
            m.AbortClass,
            m.Reason,
            m.IdleSeconds,
            m.NearTimeout,
            m.StartSeconds,
            m.EndSeconds,
            m.From,
            string.Join(",", m.To),
            m.MessageId,
            m.Subject,
            m.Size,
            string.Join(",", m.Dcids),
            c.SourceIp,
            c.ListenerIp,
            c.Interface,
            c.ReverseDns == "unknown" ? null : c.ReverseDns,
            c.Verified,
            c.Policy,
            c.SenderGroup,
            score,
            score is null ? c.Sbrs : null,
            m.Lost,
            AbortClassNames.Of(m.AbortClass),
            m.NearTimeout,
            m.IdleSeconds,
            appliance,
            m.Story.Disposition,
            string.Join(",", m.Story.Quarantines),
            m.Story.Spam,
            m.Story.SpamEngine,
            m.Story.Antivirus,
            m.Story.Amp,
            m.Story.Outbreak,
            m.Story.Dmarc,
            string.Join(Environment.NewLine, m.Story.Recipients));
    }

    public static MessageFacts Observed(SessionRecord r)
    {
        using var document = JsonDocument.Parse(EcsJson.ToJson(r));
        var root = document.RootElement;
        var esa = root.GetProperty("cisco").GetProperty("esa");
        var abort = esa.GetProperty("abort");
        var observer = root.GetProperty("observer");
        var c = r.Connection;
        return new MessageFacts(
            r.Appliance,
            r.Mid,
            r.Icid,
            r.Outcome,
            r.AbortClass,
            r.Reason,
            r.IdleSeconds,
            r.NearTimeout,
            r.StartSeconds,
            r.EndSeconds,
            r.From,
            string.Join(",", r.To),
            r.MessageId,
            r.Subject,
            r.Size,
            string.Join(",", r.Dcids),
            c?.SourceIp,
            c?.ListenerIp,
            c?.Interface,
            c?.ReverseDns,
            c?.ReverseDnsVerified,
            c?.Policy,
            c?.SenderGroup,
            c?.Sbrs,
            c?.SbrsStatus,
            c?.Lost,
            abort.GetProperty("class").GetString(),
            abort.GetProperty("near_timeout").GetBoolean(),
            abort.TryGetProperty("idle_seconds", out var idle) ? idle.GetInt64() : null,
            observer.TryGetProperty("hostname", out var host) ? host.GetString() : null,
            Text(esa, "disposition"),
            string.Join(",", Texts(esa, "quarantine")),
            Text(esa, "verdict", "spam"),
            Text(esa, "verdict", "spam_engine"),
            Text(esa, "verdict", "antivirus"),
            Text(esa, "verdict", "amp"),
            Text(esa, "verdict", "outbreak"),
            Text(esa, "dmarc", "result"),
            string.Join(Environment.NewLine, RecipientsOf(esa)));
    }

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (string name in path)
        {
            if (!e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.GetString();
    }

    private static IEnumerable<string> Texts(JsonElement e, string name) =>
        e.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(v => v.GetString()!) : [];

    /// <summary>The document's <c>cisco.esa.recipients</c>, read back into records so that a failure prints every field.</summary>
    private static IEnumerable<RecipientRecord> RecipientsOf(JsonElement esa) =>
        !esa.TryGetProperty("recipients", out var list) ? [] : list.EnumerateArray().Select(r => new RecipientRecord(
            r.TryGetProperty("rid", out var rid) ? rid.GetInt64() : null,
            Text(r, "address"),
            Text(r, "status")!,
            r.TryGetProperty("dcid", out var dcid) ? dcid.GetInt64() : null,
            Text(r, "response"),
            Text(r, "status_code"),
            Text(r, "destination_ip"),
            Text(r, "tls"),
            Text(r, "time") is { } time ? DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds() : null));

    /// <summary>Exactly one document per generated MID, each with the facts its session fixes.</summary>
    public static void Check(SessionSet set, IReadOnlyList<SessionRecord> records, string appliance)
    {
        var expected = set.Sessions
            .SelectMany(s => s.Messages.Select(m => Expected(appliance, s, m)))
            .OrderBy(f => f.Mid)
            .ToList();
        var observed = records.Select(Observed).OrderBy(f => f.Mid).ToList();
        Assert.Equal(expected.Select(f => f.Mid), observed.Select(f => f.Mid));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], observed[i]);
        }
    }
}

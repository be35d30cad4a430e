using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Cli;

/// <summary>
/// Dead letters are not a dead end: <c>esabridge resend</c> sends them again once the cause is fixed, keeps what is
/// still refused with the new reason, and never loses a line, damaged ones included; <c>ship</c> says where they are.
/// </summary>
public sealed class ResendCommandTests : IAsyncLifetime
{
    private const string DataStream = "logs-cisco_esa.session-default";

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-resend-").FullName;
    private ElasticsearchDouble _es = null!;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log");

    private string DeadLetters => Path.Combine(_dir, "dead.ndjson");

    public async Task InitializeAsync() => _es = await ElasticsearchDouble.StartAsync();

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ResendAfterTheClusterIsFixedDeliversThemAndEmptiesTheFile()
    {
        _es.Faults.RejectItemsAlways(_ => "field [source.ip] of type [ip] cannot take [x]");
        var ship = Ship();
        Assert.Equal(1, ship.ExitCode);
        Assert.Equal(3, Lines().Length);
        _es.Faults.Clear();

        var resend = Resend();

        Assert.True(resend.ExitCode == 0, resend.Stderr);
        Assert.Equal(3, _es.DocumentCount(DataStream));
        Assert.Equal(0, new FileInfo(DeadLetters).Length);
        Assert.Contains($"3 delivered and removed, 0 refused again (kept with the new reason); {DeadLetters} now holds 0 dead letters", resend.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AStillRejectedDocumentStaysWithItsNewReason()
    {
        _es.Faults.RejectItemsAlways(_ => "first reason");
        Ship();
        string keptId = (string)JsonNode.Parse(Lines()[1])!["event_id"]!;
        _es.Faults.Clear();
        _es.Faults.RejectItemsAlways(d => (string?)d["event"]?["id"] == keptId ? "second reason" : null);

        var resend = Resend();

        Assert.Equal(1, resend.ExitCode);
        Assert.Equal(2, _es.DocumentCount(DataStream));
        var left = Assert.Single(Lines());
        var entry = JsonNode.Parse(left)!;
        Assert.Equal(keptId, (string?)entry["event_id"]);
        Assert.Equal("elasticsearch", (string?)entry["output"]);
        Assert.Contains("second reason", (string?)entry["reason"], StringComparison.Ordinal);
        Assert.Contains("2 delivered and removed, 1 refused again", resend.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedLinesAreReportedAndKeptAsTheyWere()
    {
        _es.Faults.RejectItemsAlways(_ => "refused");
        Ship();
        _es.Faults.Clear();
        string[] good = Lines();
        const string garbage = "this is not json \u00e9";
        string cut = good[2][..(good[2].Length / 2)];
        File.WriteAllText(DeadLetters, string.Join('\n', good[0], garbage, good[1], "{\"output\":\"elasticsearch\"}", cut) + "\n");

        var resend = Resend();

        Assert.Equal(1, resend.ExitCode);
        Assert.Contains($"{DeadLetters} line 2: damaged (not JSON", resend.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{DeadLetters} line 4: damaged (no output, event_id or document)", resend.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{DeadLetters} line 5: damaged (not JSON", resend.Stderr, StringComparison.Ordinal);
        Assert.Equal([garbage, "{\"output\":\"elasticsearch\"}", cut], Lines());
        Assert.Equal(2, _es.DocumentCount(DataStream));
    }

    [Fact]
    public void OnlyTheSelectedDeadLettersAreSent()
    {
        _es.Faults.RejectItemsAlways(_ => "mapper_parsing_exception");
        Ship();
        _es.Faults.Clear();
        var lines = Lines();
        string other = lines[0].Replace("mapper_parsing_exception", "something else", StringComparison.Ordinal);
        string hec = lines[1].Replace("\"output\":\"elasticsearch\"", "\"output\":\"splunk-hec\"", StringComparison.Ordinal);
        File.WriteAllLines(DeadLetters, [other, hec, lines[2]]);

        var resend = Resend("--reason-contains", "MAPPER_PARSING");

        Assert.Equal(1, resend.ExitCode);
        Assert.Equal(1, _es.DocumentCount(DataStream));
        Assert.Equal([other, hec], Lines());
        Assert.Contains("1 dead letters of splunk-hec kept: that output was not given (--hec-url)", resend.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ShipSaysWhereTheDeadLettersAreAndHowManyTheFileHoldsInTotal()
    {
        _es.Faults.RejectItemsAlways(_ => "refused");
        Ship();

        var second = Ship();

        Assert.Contains($"esabridge: 3 dead letters in this run; {DeadLetters} holds 6 in total", second.Stderr, StringComparison.Ordinal);
        Assert.Contains($"esabridge resend {DeadLetters}", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAnInputError()
    {
        var resend = Resend();

        Assert.Equal(1, resend.ExitCode);
        Assert.Contains($"{DeadLetters}: no such dead-letter file", resend.Stderr, StringComparison.Ordinal);
    }

    private CliRun Ship() =>
        CliRun.Of(["ship", "--no-connections", Sample, "--es-url", _es.Url.ToString(), "--dead-letter", DeadLetters, "--retry-for", "5s"]);

    private CliRun Resend(params string[] extra) =>
        CliRun.Of(["resend", DeadLetters, "--es-url", _es.Url.ToString(), "--retry-for", "5s", .. extra]);

    private string[] Lines() => File.ReadAllLines(DeadLetters).Where(l => l.Length > 0).ToArray();
}

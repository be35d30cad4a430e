using System.Text;
using System.Text.Json;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Tests.Parsing;

namespace EsaBridge.Tests.Sessions;

/// <summary><c>cisco.esa.connection.country</c>: from <c>country &lt;name&gt;</c> at the end of the HAT policy line.</summary>
public class ConnectionCountryTests
{
    private const string PolicyLine = "ICID 282204970 ACCEPT SG SUSPECTLIST match sbrs[-3.0:-1.0] SBRS -1.4 country United States";

    [Theory]
    [MemberData(nameof(LineForms.All), MemberType = typeof(LineForms))]
    public void The_policy_line_gives_the_country_and_the_score_before_it(string form)
    {
        var p = ParsedText.Of(LineForms.Render(form, PolicyLine));

        Assert.Equal(LineKind.IcidPolicy, p.Kind);
        Assert.Equal("United States", p.Text(p.Line.Country));
        Assert.Equal("-1.4", p.Text(p.Line.Sbrs));
        Assert.Equal("SUSPECTLIST", p.Text(p.Line.SenderGroup));
    }

    [Fact]
    public void A_policy_line_without_a_country_gives_none()
    {
        var p = ParsedText.Of(LineForms.Render(LineForms.FileForm, "ICID 5 ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS None"));

        Assert.Equal(string.Empty, p.Text(p.Line.Country));
        Assert.Equal("None", p.Text(p.Line.Sbrs));
    }

    [Theory]
    [InlineData(LineForms.FileForm)]
    [InlineData(LineForms.Syslog)]
    public void The_document_and_the_splunk_event_carry_the_country(string form)
    {
        var lines = Session(form).Select(Encoding.UTF8.GetBytes).ToList();

        string ndjson = DirectNdjson.Of(lines, "esa1.example.com", "/var/log/esa/mail.current", flushIncomplete: true);
        var document = JsonDocument.Parse(ndjson).RootElement;
        var connection = document.GetProperty("cisco").GetProperty("esa").GetProperty("connection");
        Assert.Equal("United States", connection.GetProperty("country").GetString());
        Assert.Equal(-1.4, connection.GetProperty("sbrs").GetDouble());
        Assert.Equal(ndjson, DirectNdjson.ViaRecords(lines, "esa1.example.com", "/var/log/esa/mail.current", flushIncomplete: true));

        var record = PipelineRun.Of(Session(form)).Single(77);
        var splunk = JsonDocument.Parse(EcsJson.SplunkEvent(record, new Core.Documents.SplunkEnvelope())).RootElement.GetProperty("event");
        Assert.Equal("United States", splunk.GetProperty("country").GetString());
        var keys = splunk.EnumerateObject().Select(k => k.Name).ToList();
        Assert.Equal(keys.IndexOf("sbrs") + 1, keys.IndexOf("country"));
    }

    [Fact]
    public void Saved_state_keeps_the_country_across_a_restart()
    {
        string[] lines = Session(LineForms.FileForm);
        var first = new PipelineRun();
        first.Feed(lines[..2]);
        var state = new MemoryStream();
        SessionizerState.Write(first.Pipeline.Sessionizer, state);

        var second = new PipelineRun();
        SessionizerState.Read(second.Pipeline.Sessionizer, new MemoryStream(state.ToArray()));
        second.Feed(lines[2..]);

        var record = second.Single(77);
        Assert.Equal("United States", record.Connection?.Country);
        Assert.Contains("\"country\":\"United States\"", EcsJson.ToJson(record), StringComparison.Ordinal);
    }

    private static string[] Session(string form) =>
    [
        LineForms.Render(form, "New SMTP ICID 282204970 interface Data 1 (10.0.0.5) address 203.0.113.7 reverse dns host mx.partner.example verified yes"),
        LineForms.Render(form, PolicyLine),
        LineForms.Render(form, "Start MID 77 ICID 282204970"),
        LineForms.Render(form, "MID 77 ICID 282204970 From: <a@partner.example>"),
        LineForms.Render(form, "Message finished MID 77 done"),
    ];
}

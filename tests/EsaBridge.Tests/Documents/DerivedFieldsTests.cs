using System.Text.Json.Nodes;
using EsaBridge.Tests.Cli;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// <c>cisco.esa.sender_domain</c>, <c>cisco.esa.recipient_domain</c> and <c>cisco.esa.connection.tls_label</c> as
/// <c>parse</c> prints them: the text after the last <c>@</c> with ASCII letters lowercased and anything else as logged,
/// each recipient domain once, and the TLS label exactly where <c>cisco.esa.connection.lost</c> is.
/// </summary>
public sealed class DerivedFieldsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-derived-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NonAsciiLettersAreKeptAsLoggedAndAddressesWithoutADomainAddNone()
    {
        var esa = Parse(
            "Thu Aug 14 11:04:31 2014 Info: New SMTP ICID 500 interface Data 1 (10.0.0.1) address 192.0.2.7 reverse dns host mx.example.com verified yes",
            "Thu Aug 14 11:04:32 2014 Info: Start MID 100 ICID 500",
            "Thu Aug 14 11:04:32 2014 Info: MID 100 ICID 500 From: <Jürgen@ÜBER.Example>",
            "Thu Aug 14 11:04:32 2014 Info: MID 100 ICID 500 RID 0 To: <postmaster>",
            "Thu Aug 14 11:04:32 2014 Info: MID 100 ICID 500 RID 1 To: <odd@name@Mail.ÜBER.example>",
            "Thu Aug 14 11:04:32 2014 Info: MID 100 ICID 500 RID 2 To: <x@MAIL.Über.EXAMPLE>",
            "Thu Aug 14 11:04:33 2014 Info: Message finished MID 100 done")[100];

        Assert.Equal("Über.example", (string?)esa["sender_domain"]);
        Assert.Equal(["mail.Über.example"], esa["recipient_domain"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("none", (string?)esa["connection"]!["tls_label"]);
    }

    [Fact]
    public void TheNullSenderAndRecipientsWithoutDomainsAddNoneAndTheTlsLabelFollowsTheConnectionFields()
    {
        var esa = Parse(
            "Thu Aug 14 11:04:32 2014 Info: Start MID 101 ICID 501",
            "Thu Aug 14 11:04:32 2014 Info: MID 101 ICID 501 From: <>",
            "Thu Aug 14 11:04:32 2014 Info: MID 101 ICID 501 RID 0 To: <postmaster>",
            "Thu Aug 14 11:04:32 2014 Info: MID 101 ICID 501 RID 1 To: <bob@>",
            "Thu Aug 14 11:04:33 2014 Info: Message finished MID 101 done")[101];

        Assert.Null(esa["sender_domain"]);
        Assert.Null(esa["recipient_domain"]);
        Assert.Equal(esa["connection"]?["lost"] is null, esa["connection"]?["tls_label"] is null);
        Assert.True(esa["connection"]?["tls_label"] is null || (string?)esa["connection"]!["tls_label"] == "none");
    }

    private Dictionary<long, JsonObject> Parse(params string[] lines)
    {
        string log = Path.Combine(_dir, "mail.log");
        File.WriteAllLines(log, lines);
        var run = CliRun.Of(["parse", log]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.StdoutLines.Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(d => (long)d["cisco"]!["esa"]!["mid"]!, d => d["cisco"]!["esa"]!.AsObject());
    }
}

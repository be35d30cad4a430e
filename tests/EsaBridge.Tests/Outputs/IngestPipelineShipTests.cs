using System.Text.Json.Nodes;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.Elasticsearch;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// What Elasticsearch stores after the stream's default pipeline, as a user reads it back: <c>setup elasticsearch</c>
/// installs the shipped assets on the double, <c>ship</c> sends a log, and the double runs the pipeline with its
/// GeoLite2 databases missing (a new cluster), expired, or present with a small address table.
/// </summary>
public sealed class IngestPipelineShipTests : IAsyncLifetime
{
    private const string Stream = "logs-cisco_esa.session-default";

    /// <summary>
    /// Two messages in the line forms of samples/esa-mail.log: one from a public address over TLSv1.2 with a mixed-case
    /// sender domain and three recipients in two domains (one written in two cases), one from a private address
    /// without TLS.
    /// </summary>
    private static readonly string[] Log =
    [
        "Thu Aug 14 10:12:05 2014 Info: Version: 8.5.6-074 SN: 4C4C4544-0035-3910-8053-B2C04F4E4A31",
        "Thu Aug 14 10:15:02 2014 Info: New SMTP ICID 3001 interface Data 1 (192.168.1.199) address 89.160.20.112 reverse dns host mail.partner.example verified yes",
        "Thu Aug 14 10:15:02 2014 Info: ICID 3001 ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 3.4",
        "Thu Aug 14 10:15:03 2014 Info: ICID 3001 TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384",
        "Thu Aug 14 10:15:04 2014 Info: Start MID 2001 ICID 3001",
        "Thu Aug 14 10:15:04 2014 Info: MID 2001 ICID 3001 From: <Billing@Partner.EXAMPLE>",
        "Thu Aug 14 10:15:05 2014 Info: MID 2001 ICID 3001 RID 0 To: <a.keller@Example.com>",
        "Thu Aug 14 10:15:05 2014 Info: MID 2001 ICID 3001 RID 1 To: <j.weber@example.COM>",
        "Thu Aug 14 10:15:05 2014 Info: MID 2001 ICID 3001 RID 2 To: <ops@other.example>",
        "Thu Aug 14 10:15:07 2014 Info: MID 2001 ready 2311 bytes from <Billing@Partner.EXAMPLE>",
        "Thu Aug 14 10:15:08 2014 Info: Message finished MID 2001 done",
        "Thu Aug 14 10:16:02 2014 Info: New SMTP ICID 3002 interface Data 1 (192.168.1.199) address 192.168.5.20 reverse dns host lab.example verified yes",
        "Thu Aug 14 10:16:02 2014 Info: ICID 3002 RELAY SG RELAYLIST match 192.168.0.0/16 SBRS not enabled",
        "Thu Aug 14 10:16:03 2014 Info: Start MID 2002 ICID 3002",
        "Thu Aug 14 10:16:03 2014 Info: MID 2002 ICID 3002 From: <monitor@lab.example>",
        "Thu Aug 14 10:16:03 2014 Info: MID 2002 ICID 3002 RID 0 To: <noc@example.com>",
        "Thu Aug 14 10:16:04 2014 Info: MID 2002 ready 812 bytes from <monitor@lab.example>",
        "Thu Aug 14 10:16:05 2014 Info: Message finished MID 2002 done",
    ];

    private static readonly GeoIpRecord Public = new("89.160.20.112")
    {
        ContinentName = "Europe",
        CountryIsoCode = "SE",
        CountryName = "Sweden",
        RegionIsoCode = "SE-E",
        RegionName = "Östergötland County",
        CityName = "Linköping",
        Latitude = 58.4167,
        Longitude = 15.6167,
        Asn = 29518,
        AsOrganization = "Bredband2 AB",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-ingest-").FullName;
    private ElasticsearchDouble _es = null!;

    private string LogFile => Path.Combine(_dir, "mail.log");

    public async Task InitializeAsync()
    {
        File.WriteAllLines(LogFile, Log);
        _es = await ElasticsearchDouble.StartAsync();
        var setup = CliRun.Of(["setup", "elasticsearch", "--es-url", _es.Url.ToString()]);
        Assert.True(setup.ExitCode == 0, setup.Stderr);
    }

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void OnANewClusterWithoutGeoipDatabasesTheDocumentsHaveNoTagsAndNoGeo()
    {
        var (tls, plain) = ShipAndRead();

        foreach (var document in new[] { tls, plain })
        {
            Assert.Null(document["tags"]);
            Assert.Null(document["source"]!["geo"]);
            Assert.Null(document["source"]!["as"]);
        }

        Assert.Equal("89.160.20.112", (string?)tls["source"]!["ip"]);
    }

    [Fact]
    public void WithExpiredDatabasesTheExpiryTagIsRemovedAndNoLookupIsMade()
    {
        _es.GeoIp.MakeAvailable(Public);
        _es.GeoIp.MakeExpired();

        var (tls, plain) = ShipAndRead();

        Assert.Null(tls["tags"]);
        Assert.Null(plain["tags"]);
        Assert.Null(tls["source"]!["geo"]);
        Assert.Null(tls["source"]!["as"]);
    }

    [Fact]
    public void WithDatabasesAPublicAddressGetsGeoAndAsAndAPrivateOneNothing()
    {
        _es.GeoIp.MakeAvailable(Public);

        var (tls, plain) = ShipAndRead();

        var geo = tls["source"]!["geo"]!;
        Assert.Equal(("SE", "Sweden", "Linköping", "Europe"), ((string?)geo["country_iso_code"], (string?)geo["country_name"], (string?)geo["city_name"], (string?)geo["continent_name"]));
        Assert.Equal((58.4167, 15.6167), ((double)geo["location"]!["lat"]!, (double)geo["location"]!["lon"]!));
        Assert.Equal(29518, (long)tls["source"]!["as"]!["number"]!);
        Assert.Equal("Bredband2 AB", (string?)tls["source"]!["as"]!["organization"]!["name"]);
        Assert.Null(tls["source"]!["as"]!["asn"]);
        Assert.Null(tls["source"]!["as"]!["organization_name"]);
        Assert.Null(tls["tags"]);
        Assert.Equal(["ip", "domain"], plain["source"]!.AsObject().Select(p => p.Key));
        Assert.Null(plain["tags"]);
    }

    [Fact]
    public void TheDerivedFieldsAreInTheParseOutputAndTheStoredDocument()
    {
        var parsed = CliRun.Of(["parse", LogFile]);
        Assert.Equal(0, parsed.ExitCode);
        var printed = parsed.StdoutLines.Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(d => (long)d["cisco"]!["esa"]!["mid"]!);
        var (tls, plain) = ShipAndRead();

        foreach (var (document, mid) in new[] { (printed[2001], 2001), (tls, 2001) })
        {
            var esa = document["cisco"]!["esa"]!;
            Assert.Equal(mid, (long)esa["mid"]!);
            Assert.Equal("partner.example", (string?)esa["sender_domain"]);
            Assert.Equal(["example.com", "other.example"], esa["recipient_domain"]!.AsArray().Select(d => (string?)d));
            Assert.Equal("TLSv1.2", (string?)esa["connection"]!["tls_label"]);
            Assert.Equal("Billing@Partner.EXAMPLE", (string?)document["email"]!["from"]!["address"]![0]);
        }

        foreach (var document in new[] { printed[2002], plain })
        {
            var esa = document["cisco"]!["esa"]!;
            Assert.Equal("lab.example", (string?)esa["sender_domain"]);
            Assert.Equal(["example.com"], esa["recipient_domain"]!.AsArray().Select(d => (string?)d));
            Assert.Equal("none", (string?)esa["connection"]!["tls_label"]);
        }
    }

    /// <summary>Ships the log and returns the stored documents of the TLS message (MID 2001) and the other (MID 2002).</summary>
    private (JsonObject Tls, JsonObject Plain) ShipAndRead()
    {
        var ship = CliRun.Of(["ship", LogFile, "--es-url", _es.Url.ToString(), "--dead-letter", Path.Combine(_dir, "dead.ndjson")]);
        Assert.True(ship.ExitCode == 0, ship.Stderr);
        var stored = _es.Documents(Stream).Values.ToDictionary(d => (long)d["cisco"]!["esa"]!["mid"]!);
        Assert.Equal(2, stored.Count);
        return (stored[2001], stored[2002]);
    }
}

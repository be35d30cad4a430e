using System.Net;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The GeoLite2 databases (<c>GeoLite2-City.mmdb</c>, <c>GeoLite2-Country.mmdb</c>, <c>GeoLite2-ASN.mmdb</c>) the
/// cluster's downloader holds, as a test sets them: missing (a fresh cluster before its first download, or one whose
/// downloader is off: the default), present with a small address table, or present but expired (30 days without an
/// update). Other database files are always missing.
/// <para>
/// As in Elasticsearch's GeoIpProcessor.Factory, a <c>geoip</c> processor built (pipeline PUT) while its database is
/// missing becomes a DatabaseUnavailableProcessor that tags every document; the pipelines that hold one are rebuilt
/// when the database arrives (IngestGeoIpPlugin's database availability listener).
/// </para>
/// </summary>
public sealed class GeoIpDatabases
{
    private static readonly string[] Files = ["GeoLite2-City.mmdb", "GeoLite2-Country.mmdb", "GeoLite2-ASN.mmdb"];

    private readonly ClusterState _cluster;
    private Dictionary<IPAddress, GeoIpRecord> _table = [];

    internal GeoIpDatabases(ClusterState cluster) => _cluster = cluster;

    /// <summary>Whether the databases are on the node (downloaded), expired or not.</summary>
    internal bool Present { get; private set; }

    /// <summary>Whether more than 30 days passed since the last update (GeoIpProcessor's <c>isValid</c> is false).</summary>
    internal bool Expired { get; private set; }

    /// <summary>The databases are downloaded and current, and know exactly these addresses (any other finds nothing).</summary>
    public void MakeAvailable(params GeoIpRecord[] table)
    {
        lock (_cluster.Gate)
        {
            _table = table.ToDictionary(r => IPAddress.Parse(r.Ip));
            Arrive(expired: false);
        }
    }

    /// <summary>The databases are on the node but older than 30 days: lookups stop and documents are tagged.</summary>
    public void MakeExpired()
    {
        lock (_cluster.Gate)
        {
            Arrive(expired: true);
        }
    }

    /// <summary>The databases are gone (pipelines built with them keep their processors).</summary>
    public void Remove()
    {
        lock (_cluster.Gate)
        {
            Present = false;
            Expired = false;
            _table = [];
        }
    }

    /// <summary>Whether a processor configured with this <c>database_file</c> finds its database now.</summary>
    internal bool Has(string databaseFile) => Present && Files.Contains(databaseFile, StringComparer.Ordinal);

    /// <summary>The record of an address, or null (private and unknown addresses).</summary>
    internal GeoIpRecord? Find(IPAddress address) => _table.GetValueOrDefault(address);

    private void Arrive(bool expired)
    {
        Present = true;
        Expired = expired;
        _cluster.Pipelines.RebuildGeoIp(this);
    }
}

/// <summary>
/// What the double's GeoLite2 databases know about one address: City database values (country, continent, region,
/// city, location) and ASN database values (number and organization). Null values are absent from the database.
/// </summary>
public sealed record GeoIpRecord(string Ip)
{
    public string? ContinentName { get; init; }

    public string? CountryIsoCode { get; init; }

    public string? CountryName { get; init; }

    public string? RegionIsoCode { get; init; }

    public string? RegionName { get; init; }

    public string? CityName { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public long? Asn { get; init; }

    public string? AsOrganization { get; init; }

    public string? Network { get; init; }
}

using System.Net;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Elasticsearch's <c>geoip</c> processor (modules/ingest-geoip, GeoIpProcessor.java) on the double's
/// <see cref="GeoIpDatabases"/>, tags included:
/// <list type="bullet">
/// <item>built while its database was missing, it is a DatabaseUnavailableProcessor: every document gets
/// <c>_geoip_database_unavailable_&lt;database_file&gt;</c> appended to <c>tags</c>, whatever <c>ignore_missing</c> says;</item>
/// <item>expired databases append <c>_geoip_expired_database</c> (once), whatever <c>ignore_missing</c> says, before the
/// field is even looked at;</item>
/// <item>a database gone after the processor was built tags only with <c>ignore_missing: false</c>.</item>
/// </list>
/// </summary>
internal static class GeoIpProcessor
{
    private static readonly string[] CityProperties = ["ip", "country_iso_code", "country_name", "continent_code", "continent_name", "region_iso_code", "region_name", "city_name", "timezone", "location"];
    private static readonly string[] CityDefaults = ["continent_name", "country_name", "country_iso_code", "region_iso_code", "region_name", "city_name", "location"];
    private static readonly string[] CountryProperties = ["ip", "country_iso_code", "country_name", "continent_code", "continent_name"];
    private static readonly string[] CountryDefaults = ["continent_name", "country_name", "country_iso_code"];
    private static readonly string[] AsnProperties = ["ip", "asn", "organization_name", "network"];

    public static void Run(JsonObject document, JsonObject config, bool builtWithoutDatabase, GeoIpDatabases databases)
    {
        string databaseFile = IngestPipelines.DatabaseFile(config);
        if (builtWithoutDatabase)
        {
            Unavailable(document, databaseFile);
            return;
        }

        string field = IngestProcessors.Text(config, "field");
        bool ignoreMissing = IngestProcessors.Flag(config, "ignore_missing", false);
        if (!IngestDocumentPaths.TryGet(document, field, out var ip) && !ignoreMissing)
        {
            throw IngestFailure.IllegalArgument($"field [{field.Split('.')[^1]}] not present as part of path [{field}]");
        }

        if (databases.Present && databases.Expired)
        {
            IngestDocumentPaths.Append(document, "tags", "_geoip_expired_database", allowDuplicates: false);
            return;
        }

        if (ip is null)
        {
            if (ignoreMissing)
            {
                return;
            }

            throw IngestFailure.IllegalArgument($"field [{field}] is null, cannot extract geoip information.");
        }

        if (!databases.Has(databaseFile))
        {
            if (!ignoreMissing)
            {
                Unavailable(document, databaseFile);
            }

            return;
        }

        string target = config["target_field"]?.ToString() ?? "geoip";
        string[] properties = Properties(databaseFile, config["properties"] as JsonArray);
        switch (ip)
        {
            case JsonValue single when single.TryGetValue<string>(out string? text):
                if (Lookup(databases, databaseFile, text, properties) is { Count: > 0 } data)
                {
                    IngestDocumentPaths.Set(document, target, data);
                }

                break;
            case JsonArray list:
                LookupList(document, config, field, target, list, databases, databaseFile, properties);
                break;
            default:
                throw IngestFailure.IllegalArgument($"field [{field}] should contain only string or array of strings");
        }
    }

    private static void LookupList(JsonObject document, JsonObject config, string field, string target, JsonArray list, GeoIpDatabases databases, string databaseFile, string[] properties)
    {
        bool firstOnly = IngestProcessors.Flag(config, "first_only", true);
        var all = new JsonArray();
        bool match = false;
        foreach (var item in list)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out string? text))
            {
                throw IngestFailure.IllegalArgument($"array in field [{field}] should only contain strings");
            }

            var data = Lookup(databases, databaseFile, text, properties);
            if (data is not { Count: > 0 })
            {
                all.Add(null);
                continue;
            }

            if (firstOnly)
            {
                IngestDocumentPaths.Set(document, target, data);
                return;
            }

            match = true;
            all.Add(data);
        }

        if (match)
        {
            IngestDocumentPaths.Set(document, target, all);
        }
    }

    private static void Unavailable(JsonObject document, string databaseFile) =>
        IngestDocumentPaths.Append(document, "tags", "_geoip_database_unavailable_" + databaseFile, allowDuplicates: true);

    private static string[] Properties(string databaseFile, JsonArray? configured)
    {
        var (valid, defaults) = Kind(databaseFile) switch
        {
            "ASN" => (AsnProperties, AsnProperties),
            "Country" => (CountryProperties, CountryDefaults),
            _ => (CityProperties, CityDefaults),
        };
        if (configured is null)
        {
            return defaults;
        }

        string[] names = [.. configured.Select(p => p?.ToString() ?? string.Empty)];
        string? invalid = names.FirstOrDefault(n => !valid.Contains(n));
        return invalid is null ? names : throw IngestFailure.IllegalArgument($"illegal property value [{invalid}]. valid values are [{string.Join(", ", valid)}]");
    }

    private static string Kind(string databaseFile) =>
        databaseFile.Contains("-ASN", StringComparison.Ordinal) ? "ASN" : databaseFile.Contains("-Country", StringComparison.Ordinal) ? "Country" : "City";

    private static JsonObject? Lookup(GeoIpDatabases databases, string databaseFile, string text, string[] properties)
    {
        if (!IPAddress.TryParse(text, out var address) || text.Contains('/', StringComparison.Ordinal))
        {
            throw IngestFailure.IllegalArgument($"'{text}' is not an IP string literal.");
        }

        if (databases.Find(address) is not { } record)
        {
            return null;
        }

        bool asn = Kind(databaseFile) == "ASN";
        if (asn ? record.Asn is null && record.AsOrganization is null : record.CountryIsoCode is null && record.CityName is null && record.ContinentName is null)
        {
            return null;
        }

        var data = new JsonObject();
        foreach (string property in properties)
        {
            JsonNode? value = property switch
            {
                "ip" => address.ToString(),
                "asn" => record.Asn,
                "organization_name" => record.AsOrganization,
                "network" => record.Network,
                "country_iso_code" => record.CountryIsoCode,
                "country_name" => record.CountryName,
                "continent_name" => record.ContinentName,
                "region_iso_code" => record.RegionIsoCode,
                "region_name" => record.RegionName,
                "city_name" => record.CityName,
                "location" => record is { Latitude: double lat, Longitude: double lon } ? new JsonObject { ["lat"] = lat, ["lon"] = lon } : null,
                _ => null,
            };
            if (value is not null)
            {
                data[property] = value;
            }
        }

        return data;
    }
}

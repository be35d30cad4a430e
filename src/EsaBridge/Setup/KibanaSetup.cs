using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Setup;

/// <summary>Imports the shipped dashboards through Kibana's saved-objects import API (multipart, a <c>.ndjson</c> file,
/// <c>kbn-xsrf</c>, overwrite). Kibana answers 200 even when objects fail, so <c>success</c> is what counts. Each data
/// view (sessions, connections) is imported only when the space does not have it yet (by id, or by <c>originId</c> where Kibana gave it a new id),
/// so field formats a user added survive; the dashboards are always overwritten, their references pointed at the data
/// view the space really has. Data views and dashboards are "multiple-isolated" objects: imported into a second space,
/// Kibana gives them new ids, so each imported object is reported with the id Kibana answered.</summary>
internal sealed class KibanaSetup : IDisposable
{
    private readonly KibanaSettings _settings;
    private readonly HttpClient _http;

    public KibanaSetup(KibanaSettings settings)
    {
        _settings = settings;
        var handler = new HttpClientHandler();
        if (settings.CaCertificatePath is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaCertificatePath);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                ElasticsearchClientFactory.TrustedBy(authority, certificate, errors, "--kibana-ca-cert");
        }

        _http = new HttpClient(new NoRedirects(handler)) { Timeout = settings.Timeout };
        if (settings.ApiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", settings.ApiKey);
        }
        else if (settings.Username is not null)
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        _http.DefaultRequestHeaders.Add("kbn-xsrf", "true");
    }

    public async Task<IReadOnlyList<SetupStep>> RunAsync(CancellationToken cancellation)
    {
        var steps = new List<SetupStep>();
        string prefix = _settings.Space is null ? string.Empty : $"s/{Uri.EscapeDataString(_settings.Space)}/";
        var endpoint = new Uri(_settings.Url, $"{prefix}api/saved_objects/_import?overwrite=true");
        var dataViews = await FindDataViewsAsync(prefix, cancellation).ConfigureAwait(false);
        foreach (string id in ShippedAssets.DataViewIds)
        {
            if (dataViews.TryGetValue(id, out string? inSpace))
            {
                steps.Add(new SetupStep("index-pattern", Named(id, inSpace), SetupChange.Unchanged));
            }
        }

        foreach (var (fileName, ndjson) in ShippedAssets.KibanaDashboards)
        {
            using var form = new MultipartFormDataContent();
            string lines = ndjson;
            foreach (var (id, inSpace) in dataViews)
            {
                lines = SavedObjectLines.ForSpace(lines, id, inSpace);
            }

            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(lines));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
            form.Add(file, "file", fileName);
            using var response = await _http.PostAsync(endpoint, form, cancellation).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SetupException($"Kibana refused {fileName}: HTTP {(int)response.StatusCode}: {MessageOf(body)}");
            }

            using var answer = JsonDocument.Parse(body);
            if (!answer.RootElement.TryGetProperty("success", out var success) || !success.GetBoolean())
            {
                throw new SetupException($"Kibana could not import {fileName}: {ErrorsOf(answer.RootElement)}");
            }

            foreach (var (type, id, destination) in Imported(answer.RootElement))
            {
                steps.Add(new SetupStep(type, Named(id, destination), SetupChange.Imported));
                if (type == "index-pattern" && ShippedAssets.DataViewIds.Contains(id))
                {
                    dataViews[id] = destination;
                }
            }
        }

        return steps;
    }

    /// <summary>The id in the space of each of our data views the space has: the shipped id, or the id of the one whose
    /// originId it is.</summary>
    private async Task<Dictionary<string, string>> FindDataViewsAsync(string prefix, CancellationToken cancellation)
    {
        var find = new Uri(_settings.Url, $"{prefix}api/saved_objects/_find?type=index-pattern&per_page=10000&fields=title");
        using var response = await _http.GetAsync(find, cancellation).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SetupException($"Kibana refused to list the data views: HTTP {(int)response.StatusCode}: {MessageOf(body)}");
        }

        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        using var answer = JsonDocument.Parse(body);
        if (!answer.RootElement.TryGetProperty("saved_objects", out var views) || views.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        var byOrigin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var view in views.EnumerateArray())
        {
            string? id = view.TryGetProperty("id", out var i) ? i.GetString() : null;
            if (id is not null && ShippedAssets.DataViewIds.Contains(id))
            {
                found[id] = id;
            }
            else if (id is not null && view.TryGetProperty("originId", out var origin) && origin.GetString() is { } originId
                && ShippedAssets.DataViewIds.Contains(originId))
            {
                byOrigin.TryAdd(originId, id);
            }
        }

        foreach (var (originId, id) in byOrigin)
        {
            found.TryAdd(originId, id);
        }

        return found;
    }

    /// <summary>Each imported object as Kibana answered it: type, the file's id, and the id it has in the space.</summary>
    private static IEnumerable<(string Type, string Id, string Destination)> Imported(JsonElement answer)
    {
        if (!answer.TryGetProperty("successResults", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var result in results.EnumerateArray())
        {
            string type = result.TryGetProperty("type", out var t) ? t.GetString() ?? "?" : "?";
            string id = result.TryGetProperty("id", out var i) ? i.GetString() ?? "?" : "?";
            string destination = result.TryGetProperty("destinationId", out var d) && d.GetString() is { } moved ? moved : id;
            yield return (type, id, destination);
        }
    }

    private static string Named(string id, string inSpace) => id == inSpace ? id : $"{id} (id in this space: {inSpace})";

    public void Dispose() => _http.Dispose();

    private static string MessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }

    private static string ErrorsOf(JsonElement answer)
    {
        if (!answer.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return "success was false with no errors listed";
        }

        return string.Join("; ", errors.EnumerateArray().Select(e =>
        {
            string type = e.TryGetProperty("type", out var t) ? t.GetString() ?? "?" : "?";
            string id = e.TryGetProperty("id", out var i) ? i.GetString() ?? "?" : "?";
            string error = e.TryGetProperty("error", out var err) && err.TryGetProperty("type", out var et) ? et.GetString() ?? "?" : "?";
            string detail = e.TryGetProperty("error", out var err2) && err2.TryGetProperty("references", out var refs)
                ? " " + string.Join(",", refs.EnumerateArray().Select(r => $"{r.GetProperty("type").GetString()}:{r.GetProperty("id").GetString()}"))
                : string.Empty;
            return $"{type} {id}: {error}{detail}";
        }));
    }
}

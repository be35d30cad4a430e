using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using EsaBridge.Outputs;
using EsaBridge.Outputs.Elasticsearch;

namespace EsaBridge.Setup.Splunk;

/// <summary>A thin client for splunkd's REST API on the management port: form-encoded POST bodies, <c>output_mode=json</c>
/// on every request, and Splunk's own <c>messages</c> (JSON or XML) carried into every error.</summary>
internal sealed class SplunkRestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    public SplunkRestClient(SplunkSettings settings)
    {
        _base = settings.Url;
        var handler = new HttpClientHandler();
        if (settings.Insecure)
        {
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }
        else if (settings.CaCertificatePath is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaCertificatePath);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                ElasticsearchClientFactory.TrustedBy(authority, certificate, errors, "--splunk-ca-cert");
        }

        _http = new HttpClient(new NoRedirects(handler)) { Timeout = settings.Timeout };
        _http.DefaultRequestHeaders.Authorization = Authorization(settings);
    }

    /// <summary>The entry at <paramref name="path"/>, or null when Splunk answers 404.</summary>
    public async Task<SplunkEntry?> GetAsync(string path, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Address(path)), cancellation).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Ensure(response, body, "GET", path);
        return SplunkEntry.First(body);
    }

    /// <summary>POSTs a form (repeated keys allowed) and returns the entry Splunk answers with.</summary>
    public async Task<SplunkEntry?> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Address(path)) { Content = new FormUrlEncodedContent(form) };
        using var response = await SendAsync(request, cancellation).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        Ensure(response, body, "POST", path);
        return SplunkEntry.First(body);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        try
        {
            return await _http.SendAsync(request, cancellation).ConfigureAwait(false);
        }
        catch (RedirectRefusedException e)
        {
            throw new SetupException($"Splunk: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            // "The SSL connection could not be established" says little; the inner reason says which check failed.
            string reason = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new SetupException($"cannot reach Splunk at {UrlRedaction.Redact(_base)}: {reason}");
        }
    }

    private Uri Address(string path) => new(_base, path.TrimStart('/') + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "output_mode=json");

    private static AuthenticationHeaderValue? Authorization(SplunkSettings settings)
    {
        if (settings.Token is string token)
        {
            // A session key from /services/auth/login goes as "Splunk <key>"; an authentication token as "Bearer <token>".
            foreach (string scheme in (string[])["Splunk", "Bearer"])
            {
                if (token.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase))
                {
                    return new AuthenticationHeaderValue(scheme, token[(scheme.Length + 1)..].Trim());
                }
            }

            return new AuthenticationHeaderValue("Bearer", token.Trim());
        }

        if (settings.Username is not null)
        {
            string pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
            return new AuthenticationHeaderValue("Basic", pair);
        }

        return null;
    }

    private static void Ensure(HttpResponseMessage response, string body, string method, string path)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        int status = (int)response.StatusCode;
        string messages = SplunkMessages.Of(body);
        throw new SetupException(status == 401
            ? $"Splunk refused the credentials (HTTP 401): {messages}"
            : $"Splunk answered HTTP {status} to {method} {path.Split('?')[0]}: {messages}");
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EsaBridge.Outputs.Elasticsearch;

namespace EsaBridge.Outputs.Splunk;

/// <summary>HEC over HttpClient: event posts, ack polls and the health check, with the token, the sender's channel and
/// TLS trust (system store, <c>--hec-ca-cert</c>, or none with <c>--hec-insecure</c>). Thread-safe.</summary>
internal sealed class HecClient(HecSettings settings) : IDisposable
{
    private const string ChannelHeader = "X-Splunk-Request-Channel";

    private readonly HecSettings _settings = settings;

    // A redirect would carry the events (not the token: .NET drops it) to a server nobody named: never followed.
    private readonly HttpClient _http = new(new NoRedirects(CreateHandler(settings))) { Timeout = settings.RequestTimeout };
    private readonly Uri _event = new(settings.BaseUrl, "services/collector/event");
    private readonly Uri _ack = new(settings.BaseUrl, "services/collector/ack");
    private readonly Uri _health = new(settings.BaseUrl, "services/collector/health");

    /// <summary>This sender's channel GUID (sent on every request when acknowledgement is on).</summary>
    public string Channel { get; } = Guid.NewGuid().ToString();


    /// <param name="body">Only read until the answer has arrived.</param>
    public async Task<HecReply> PostEventsAsync(ReadOnlyMemory<byte> body, bool gzip, CancellationToken cancellation)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return (await SendAsync(HttpMethod.Post, _event, content, authorized: true, cancellation).ConfigureAwait(false)).Reply;
    }

    /// <returns>HEC's answer, and whether it reports <paramref name="ackId"/> true.</returns>
    public async Task<(HecReply Reply, bool Acknowledged)> PollAckAsync(long ackId, CancellationToken cancellation)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes($"{{\"acks\":[{ackId}]}}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (reply, body) = await SendAsync(HttpMethod.Post, _ack, content, authorized: true, cancellation).ConfigureAwait(false);
        return (reply, reply.Status == 200 && Acknowledged(body, ackId));
    }

    /// <summary>HEC's health endpoint answers without a token.</summary>
    public async Task<HecReply> HealthAsync(CancellationToken cancellation) =>
        (await SendAsync(HttpMethod.Get, _health, null, authorized: false, cancellation).ConfigureAwait(false)).Reply;

    public void Dispose() => _http.Dispose();

    private async Task<(HecReply Reply, byte[] Body)> SendAsync(HttpMethod method, Uri url, HttpContent? content, bool authorized, CancellationToken cancellation)
    {
        using var request = Request(method, url, content, authorized);
        using var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        return (HecReply.Read((int)response.StatusCode, body, response.Headers), body);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url, HttpContent? content, bool authorized)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (authorized)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Splunk " + _settings.Token);
            if (_settings.Acknowledgement)
            {
                request.Headers.TryAddWithoutValidation(ChannelHeader, Channel);
            }
        }

        return request;
    }

    /// <summary>Reads <c>{"acks":{"7":true}}</c> for one id.</summary>
    private static bool Acknowledged(byte[] body, long ackId)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("acks", out var acks)
                && acks.ValueKind == System.Text.Json.JsonValueKind.Object
                && acks.TryGetProperty(ackId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var state)
                && state.ValueKind == System.Text.Json.JsonValueKind.True;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static SocketsHttpHandler CreateHandler(HecSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            MaxConnectionsPerServer = 8,
        };
        if (settings.Insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (settings.CaCertificatePath is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaCertificatePath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ElasticsearchClientFactory.TrustedBy(authority, certificate, errors, "--hec-ca-cert");
        }

        return handler;
    }
}

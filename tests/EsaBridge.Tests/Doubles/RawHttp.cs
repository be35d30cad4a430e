using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.Doubles;

/// <summary>Plain HttpClient requests to a double, for what the real client cannot send (bad bodies, raw headers).</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly HttpClient _client;

    public RawHttp(Uri baseAddress, string? authorization = "ApiKey " + EsClient.Key, bool decompress = true)
    {
        var handler = new HttpClientHandler { AutomaticDecompression = decompress ? DecompressionMethods.GZip : DecompressionMethods.None };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        if (authorization is not null)
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }
    }

    public void Dispose() => _client.Dispose();

    public Task<Reply> SendAsync(string method, string path, string? body = null, string contentType = "application/json", bool gzip = false) =>
        SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Content(body, contentType, gzip) });

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public static ByteArrayContent Content(string body, string contentType, bool gzip)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var stream = new GZipStream(buffer, CompressionLevel.Fastest))
            {
                stream.Write(bytes);
            }

            bytes = buffer.ToArray();
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return content;
    }
}

/// <summary>An answer: status, headers and body text (parsed as JSON on demand).</summary>
internal sealed record Reply(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Text)
{
    public int Code => (int)Status;

    public JsonNode Json => JsonNode.Parse(Text)!;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(",", values) : null;
}

using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Writes an answer: status, <c>X-Elastic-Product</c> when Elasticsearch itself answers, the negotiated content type, the body.</summary>
internal static class EsAnswerWriter
{
    /// <summary>The bytes of the body the answer will carry (after <c>filter_path</c>), or null for none.</summary>
    public static byte[]? Body(EsAnswer answer, HttpRequest request)
    {
        string? filter = request.Query.TryGetValue("filter_path", out var f) ? f.ToString() : null;
        if (answer.Utf8Json is { } utf8)
        {
            return string.IsNullOrEmpty(filter) || answer.FilterApplied ? utf8 : FilterPath.Apply(utf8, filter);
        }

        if (answer.Json is { } json)
        {
            byte[] whole = Encoding.UTF8.GetBytes(json.ToJsonString());
            return string.IsNullOrEmpty(filter) ? whole : FilterPath.Apply(whole, filter);
        }

        return answer.RawBody is null ? null : Encoding.UTF8.GetBytes(answer.RawBody);
    }

    public static async Task WriteAsync(HttpContext context, EsAnswer answer, byte[]? body, bool productHeader)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.FromElasticsearch && productHeader)
        {
            response.Headers["X-Elastic-Product"] = "Elasticsearch";
        }

        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        if (answer.HasJson || (answer.FromElasticsearch && HttpMethods.IsHead(context.Request.Method)))
        {
            response.ContentType = MediaTypes.ResponseType(context.Request);
        }
        else if (answer.RawContentType is not null)
        {
            response.ContentType = answer.RawContentType;
        }

        if (body is { Length: > 0 } && answer.FromElasticsearch && AcceptsGzip(context.Request))
        {
            // http.compression is on by default when TLS is off: Elasticsearch gzips for clients that accept it.
            response.Headers.ContentEncoding = "gzip";
            body = Gzip(body);
        }

        response.ContentLength = body?.Length ?? 0;
        if (body is not null && !HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }
}

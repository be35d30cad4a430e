using System.Text;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// One request a double received: method, request target as sent (path and query, still percent-encoded), headers
/// (case-insensitive names, repeated values joined by commas), the body as UTF-8 text after undoing
/// <c>Content-Encoding</c>, and the status it was answered with (0 when the connection was dropped instead).
/// </summary>
public sealed class RecordedRequest
{
    private readonly ReadOnlyMemory<byte> _utf8Body;
    private string? _body;

    public RecordedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, string body, int status)
        : this(method, pathAndQuery, headers, ReadOnlyMemory<byte>.Empty, status) => _body = body;

    /// <summary>A request whose body is kept as the bytes received and decoded to text only when a test reads it (bulk bodies are large).</summary>
    public RecordedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> utf8Body, int status)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        _utf8Body = utf8Body;
        Status = status;
    }

    public string Method { get; }

    public string PathAndQuery { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body => _body ??= Encoding.UTF8.GetString(_utf8Body.Span);

    public int Status { get; }
}

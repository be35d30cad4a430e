using EsaBridge.Tests.TestDoubles.Elasticsearch;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>The requests a double received, in arrival order; safe to read while requests are being served.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Records a request with the status it is about to be answered with (0: it was never answered).</summary>
    public void Add(HttpRequest request, string body, int status) =>
        Add(new RecordedRequest(request.Method, PathAndQuery(request), Headers(request), body, status));

    /// <summary>The same, keeping the body's bytes (decoded only if a test reads <see cref="RecordedRequest.Body"/>).</summary>
    public void Add(HttpRequest request, ReadOnlyMemory<byte> utf8Body, int status) =>
        Add(new RecordedRequest(request.Method, PathAndQuery(request), Headers(request), utf8Body, status));

    private static Dictionary<string, string> Headers(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private void Add(RecordedRequest recorded)
    {
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }

    /// <summary>The request target as sent (still percent-encoded), e.g. <c>/logs-x-default/_bulk?refresh=false</c>.</summary>
    public static string PathAndQuery(HttpRequest request) => request.PathBase + request.Path.ToUriComponent() + request.QueryString;
}

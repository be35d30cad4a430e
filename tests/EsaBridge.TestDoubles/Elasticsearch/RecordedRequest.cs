namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// One request a double received: method, request target as sent (path and query, still percent-encoded), headers
/// (case-insensitive names, repeated values joined by commas), the body as UTF-8 text after undoing
/// <c>Content-Encoding</c>, and the status it was answered with (0 when the connection was dropped instead).
/// </summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, int Status);

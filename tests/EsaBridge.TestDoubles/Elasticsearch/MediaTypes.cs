using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Elasticsearch's media type rules: which request content types it reads, the REST compatibility handshake
/// (<c>compatible-with=N</c> on Accept and Content-Type alike, N being 9 or 8), and the content type of its answer.
/// </summary>
internal static class MediaTypes
{
    private const int Current = 9;

    private static readonly HashSet<string> JsonFamily = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/x-ndjson", "application/vnd.elasticsearch+json", "application/vnd.elasticsearch+x-ndjson",
    };

    /// <summary>The error answer for a request whose media types Elasticsearch refuses, or null.</summary>
    public static EsAnswer? Refusal(HttpRequest request, bool hasBody)
    {
        string? contentType = hasBody ? request.Headers.ContentType.ToString() : null;
        if (hasBody && string.IsNullOrWhiteSpace(contentType))
        {
            return EsErrors.Plain(406, "Content-Type header is missing", withStatus: true);
        }

        if (contentType is not null && !JsonFamily.Contains(Essence(contentType)))
        {
            return EsErrors.Plain(406, $"Content-Type header [{contentType}] is not supported", withStatus: true);
        }

        string accept = request.Headers.Accept.ToString();
        int? acceptVersion = CompatibleWith(accept);
        int? contentVersion = contentType is null ? null : CompatibleWith(contentType);
        string? problem = (acceptVersion, contentVersion) switch
        {
            ({ } a, _) when a is not (Current or Current - 1) => $"Accept version must be either version {Current} or {Current - 1}, but found {a}. Accept={accept}",
            (_, { } c) when c is not (Current or Current - 1) => $"Content-Type version must be either version {Current} or {Current - 1}, but found {c}. Content-Type={contentType}",
            ({ } a, { } c) when a != c => Mismatch(accept, contentType),
            (null, not null) => Mismatch(accept, contentType),
            (not null, null) when contentType is not null => Mismatch(accept, contentType),
            _ => null,
        };
        return problem is null
            ? null
            : EsErrors.Answer(400, EsErrors.Cause(
                "media_type_header_exception",
                "Invalid media-type value on headers [Accept, Content-Type]",
                causedBy: EsErrors.Cause("status_exception", problem)));
    }

    /// <summary>The answer's content type: the compatible vendor type when one was asked for, else application/json.</summary>
    public static string ResponseType(HttpRequest request) =>
        CompatibleWith(request.Headers.Accept.ToString()) is { } version
            ? $"application/vnd.elasticsearch+json;compatible-with={version}"
            : "application/json";

    private static string Mismatch(string accept, string? contentType) =>
        "A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version "
        + $"and the compatible versions must match. Accept={accept}, Content-Type={contentType}";

    private static string Essence(string mediaType) => mediaType.Split(';')[0].Trim();

    private static int? CompatibleWith(string header)
    {
        foreach (string type in header.Split(','))
        {
            if (!Essence(type).StartsWith("application/vnd.elasticsearch+", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string parameter in type.Split(';').Skip(1))
            {
                string[] pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length == 2 && pair[0].Equals("compatible-with", StringComparison.OrdinalIgnoreCase) && int.TryParse(pair[1], out int version))
                {
                    return version;
                }
            }
        }

        return null;
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>One HEC answer: <c>{"text":..,"code":..}</c> with <c>invalid-event-number</c> or <c>ackId</c> when they apply.</summary>
internal sealed record HecAnswer(int Status, byte[] Body, string ContentType, TimeSpan? RetryAfter = null, bool IsDropped = false)
{
    public static HecAnswer Dropped { get; } = new(0, [], string.Empty, IsDropped: true);

    public static HecAnswer Of(HecCode code, int? invalidEvent = null, long? ackId = null, TimeSpan? retryAfter = null)
    {
        var (status, text) = HecCodes.Of(code);
        return Json(status, w =>
        {
            w.WriteString("text", text);
            w.WriteNumber("code", (int)code);
            if (invalidEvent is int number)
            {
                w.WriteNumber("invalid-event-number", number);
            }

            if (ackId is long id)
            {
                w.WriteNumber("ackId", id);
            }
        }, retryAfter);
    }

    public static HecAnswer Json(int status, Action<Utf8JsonWriter> properties, TimeSpan? retryAfter = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }

        return new HecAnswer(status, buffer.ToArray(), "application/json; charset=UTF-8", retryAfter);
    }

    /// <summary>splunkd's own refusal of a body over <c>max_content_length</c>: not HEC's JSON, a short HTML page.</summary>
    public static HecAnswer TooLarge(long length, long maximum) => new(
        413,
        Encoding.UTF8.GetBytes($"<!doctype html><html><head><title>413 Content-Length of {length} too large (maximum is {maximum})</title></head><body><h1>Content-Length of {length} too large (maximum is {maximum})</h1></body></html>"),
        "text/html; charset=UTF-8");

    public static HecAnswer NotFound { get; } = Json(404, w =>
    {
        w.WriteString("text", "The requested URL was not found on this server.");
        w.WriteNumber("code", 404);
    });

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (RetryAfter is { } delay)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body).ConfigureAwait(false);
    }
}

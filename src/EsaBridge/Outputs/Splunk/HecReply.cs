using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EsaBridge.Outputs.Splunk;

/// <summary>One HEC answer as read: HTTP status, <c>text</c>, <c>code</c>, <c>invalid-event-number</c>, <c>ackId</c>, <c>Retry-After</c>.</summary>
internal sealed record HecReply(int Status, string? Text, int? Code, int? InvalidEventNumber, long? AckId, TimeSpan? RetryAfter, string RawText)
{
    public bool IsSuccess => Status == 200 && Code is 0 or null && Text is not null;

    /// <summary>Codes 1-4: the token is missing, malformed, unknown or disabled; some HEC versions send <c>Invalid
    /// token</c> and <c>Token disabled</c> with HTTP 400 and codes 21/22, which mean the same.</summary>
    public bool IsAuthFailure => Code is (>= 1 and <= 4) or 21 or 22 || Status is 401 or 403 || Text is "Invalid token" or "Token disabled";

    /// <summary>HEC's own words: <c>HTTP 403 Invalid token (code 4)</c>, or the body of a non-HEC answer (a proxy's page).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"HTTP {Status}");
        if (Text is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Text}");
            if (Code is int code)
            {
                text.Append(CultureInfo.InvariantCulture, $" (code {code})");
            }
        }
        else if (RawText.Length > 0)
        {
            text.Append(": ").Append(RawText);
        }

        if (InvalidEventNumber is int number)
        {
            text.Append(CultureInfo.InvariantCulture, $", invalid-event-number {number}");
        }

        if (AckId is long ackId)
        {
            text.Append(CultureInfo.InvariantCulture, $", ackId {ackId}");
        }

        return text.ToString();
    }

    public static HecReply Read(int status, ReadOnlySpan<byte> body, HttpResponseHeaders? headers)
    {
        TimeSpan? retryAfter = headers?.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
        if (retryAfter < TimeSpan.Zero)
        {
            retryAfter = TimeSpan.Zero;
        }

        try
        {
            var r = new Utf8JsonReader(body);
            if (r.Read() && r.TokenType == JsonTokenType.StartObject)
            {
                string? text = null;
                int? code = null;
                int? invalid = null;
                long? ackId = null;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    string name = r.GetString()!;
                    r.Read();
                    switch (name)
                    {
                        case "text" when r.TokenType == JsonTokenType.String: text = r.GetString(); break;
                        case "code" when r.TokenType == JsonTokenType.Number: code = r.GetInt32(); break;
                        case "invalid-event-number" when r.TokenType == JsonTokenType.Number: invalid = r.GetInt32(); break;
                        case "ackId" when r.TokenType == JsonTokenType.Number: ackId = r.GetInt64(); break;
                        default: r.Skip(); break;
                    }
                }

                return new HecReply(status, text, code, invalid, ackId, retryAfter, string.Empty);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
        }

        string raw = Encoding.UTF8.GetString(body).Trim().ReplaceLineEndings(" ");
        return new HecReply(status, null, null, null, null, retryAfter, raw.Length > 300 ? raw[..300] + "..." : raw);
    }
}

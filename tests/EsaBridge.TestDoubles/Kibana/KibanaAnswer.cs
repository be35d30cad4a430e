using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>A Kibana answer: status, JSON body, extra headers. Errors use hapi Boom's shape.</summary>
internal sealed record KibanaAnswer(int Status, JsonObject Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static KibanaAnswer Ok(JsonObject body) => new(200, body);

    /// <summary><c>{"statusCode":n,"error":"Reason Phrase","message":"..."}</c>.</summary>
    public static KibanaAnswer Boom(int status, string message, JsonObject? attributes = null)
    {
        var body = new JsonObject
        {
            ["statusCode"] = status,
            ["error"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            ["message"] = message,
        };
        if (attributes is not null)
        {
            body["attributes"] = attributes;
        }

        return new KibanaAnswer(status, body);
    }

    public static KibanaAnswer NotFound() => Boom(404, "Not Found");
}

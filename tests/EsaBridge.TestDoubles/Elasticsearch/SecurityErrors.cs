using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>The 401 answers of Elasticsearch's security layer, with its <c>WWW-Authenticate</c> challenges.</summary>
internal static class SecurityErrors
{
    private static readonly string[] Challenges = ["Basic realm=\"security\", charset=\"UTF-8\"", "Bearer realm=\"security\"", "ApiKey"];

    public static EsAnswer Unauthorized(CredentialVerdict verdict, string requestTarget, string? user)
    {
        string reason = verdict switch
        {
            CredentialVerdict.Missing => $"missing authentication credentials for REST request [{requestTarget}]",
            CredentialVerdict.WrongPassword when user is not null => $"unable to authenticate user [{user}] for REST request [{requestTarget}]",
            _ => "unable to authenticate with provided credentials and anonymous access is not allowed for this request",
        };
        var metadata = new JsonObject();
        if (verdict == CredentialVerdict.WrongApiKey)
        {
            metadata["additional_unsuccessful_credentials"] = "API key: unable to find apikey with id or the api key is invalid";
        }

        metadata["header"] = new JsonObject { ["WWW-Authenticate"] = new JsonArray([.. Challenges.Select(c => JsonValue.Create(c))]) };
        var answer = EsErrors.Answer(401, EsErrors.Cause("security_exception", reason, metadata));
        return answer with { Headers = [.. Challenges.Select(c => KeyValuePair.Create("WWW-Authenticate", c))] };
    }
}

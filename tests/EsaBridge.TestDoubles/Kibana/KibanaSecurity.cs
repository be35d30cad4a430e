using EsaBridge.Tests.TestDoubles.Http;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>Kibana's 401 answers: Boom's Unauthorized, with Elasticsearch's security_exception when credentials were wrong.</summary>
internal static class KibanaSecurity
{
    public static KibanaAnswer Unauthorized(CredentialVerdict verdict, string? user)
    {
        string? reason = verdict switch
        {
            CredentialVerdict.Missing => null,
            CredentialVerdict.WrongPassword when user is not null => $"unable to authenticate user [{user}] for REST request [/_security/_authenticate]",
            _ => "unable to authenticate with provided credentials and anonymous access is not allowed for this request",
        };
        string message = reason is null ? "Unauthorized" : $"[security_exception\n\tRoot causes:\n\t\tsecurity_exception: {reason}]: {reason}";
        return KibanaAnswer.Boom(401, message) with { Headers = [KeyValuePair.Create("WWW-Authenticate", "Basic realm=\"kibana\"")] };
    }
}

using System.Text;

namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>
/// splunkd's answer to the <c>Authorization</c> header, before any routing (an unknown endpoint is 401 too):
/// <c>Basic</c> user and password, <c>Bearer</c> authentication tokens, <c>Splunk</c> session keys. A wrong Basic pair
/// or an unknown scheme is <c>ERROR Unauthorized</c>; a missing header or a bad token is
/// <c>WARN call not properly authenticated</c> (the two differ in type as well as text).
/// </summary>
internal static class SplunkAuthentication
{
    public static SplunkAnswer? Refusal(string? authorization, SplunkManagementOptions options)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Unauthorized("WARN", "call not properly authenticated");
        }

        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        string scheme = space < 0 ? authorization : authorization[..space];
        string value = space < 0 ? string.Empty : authorization[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return options.Basic is { } basic && Decode(value) == basic ? null : Unauthorized("ERROR", "Unauthorized");
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Splunk", StringComparison.OrdinalIgnoreCase))
        {
            return value.Length > 0 && options.Tokens.Contains(value) ? null : Unauthorized("WARN", "call not properly authenticated");
        }

        return Unauthorized("ERROR", "Unauthorized");
    }

    private static SplunkAnswer Unauthorized(string type, string text) =>
        SplunkAnswer.Error(401, text, type) with { Headers = [KeyValuePair.Create("WWW-Authenticate", "Basic realm=\"/splunk\"")] };

    private static (string User, string Password)? Decode(string encoded)
    {
        try
        {
            string pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

using System.Text;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>What an <c>Authorization</c> header amounts to against the credentials a double requires.</summary>
internal enum CredentialVerdict
{
    /// <summary>No credentials are required, or the header carries a required one.</summary>
    Accepted,

    /// <summary>Credentials are required and the request has no <c>Authorization</c> header.</summary>
    Missing,

    /// <summary>The header carries an API key that is not the required one.</summary>
    WrongApiKey,

    /// <summary>The header carries a user and password that are not the required ones (or are unreadable).</summary>
    WrongPassword,

    /// <summary>The header uses a scheme the double does not know (Bearer, Negotiate, ...).</summary>
    UnknownScheme,
}

/// <summary>Checks <c>Authorization: ApiKey ...</c> and <c>Authorization: Basic ...</c> like Elasticsearch and Kibana.</summary>
internal static class Credentials
{
    public static CredentialVerdict Check(string? authorization, string? apiKey, (string User, string Password)? basic)
    {
        if (apiKey is null && basic is null)
        {
            return CredentialVerdict.Accepted;
        }

        if (string.IsNullOrWhiteSpace(authorization))
        {
            return CredentialVerdict.Missing;
        }

        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        string scheme = space < 0 ? authorization : authorization[..space];
        string value = space < 0 ? string.Empty : authorization[(space + 1)..].Trim();
        if (scheme.Equals("ApiKey", StringComparison.OrdinalIgnoreCase))
        {
            return apiKey is not null && value == apiKey ? CredentialVerdict.Accepted : CredentialVerdict.WrongApiKey;
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return basic is { } required && DecodeBasic(value) is { } given && given == required
                ? CredentialVerdict.Accepted
                : CredentialVerdict.WrongPassword;
        }

        return CredentialVerdict.UnknownScheme;
    }

    /// <summary>The user name in a Basic header, for error messages (null when unreadable).</summary>
    public static string? BasicUser(string? authorization) =>
        authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? DecodeBasic(authorization[6..].Trim())?.User
            : null;

    private static (string User, string Password)? DecodeBasic(string encoded)
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

using System.Text.RegularExpressions;

namespace EsaBridge.Outputs;

/// <summary>Hides the credentials a URL may carry before it is printed: <c>http://svc:SECRET@host:8088</c> becomes
/// <c>http://svc:***@host:8088</c>, and a lone user part (often a token) <c>***</c>. Works on any text, so an error
/// message that quotes a URL is safe too.</summary>
internal static partial class UrlRedaction
{
    public const string Mask = "***";

    public static string Redact(Uri url) => Redact(url.ToString());

    public static string Redact(string text) =>
        text.Contains('@', StringComparison.Ordinal) ? UserInfo().Replace(text, m => m.Groups["password"].Success
            ? $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:{Mask}@"
            : $"{m.Groups["scheme"].Value}{Mask}@") : text;

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?<user>[^:/?#@\s]*)(?::(?<password>[^/?#@\s]*))?@")]
    private static partial Regex UserInfo();
}

using System.Security.Authentication;

namespace EsaBridge.Outputs;

/// <summary>A refused TLS handshake in words an operator can act on, the same for every output: .NET's message names
/// the chain or policy status (<c>UntrustedRoot</c>, <c>RemoteCertificateNameMismatch</c>, <c>NotTimeValid</c>), the
/// HTTP layers above it only say "see inner exception".</summary>
internal static class TlsFailures
{
    private static readonly (string Status, string Meaning)[] Causes =
    [
        ("RemoteCertificateNameMismatch", "the certificate is not for this host name"),
        ("NotTimeValid", "the certificate has expired or is not valid yet"),
        ("Revoked", "the certificate was revoked"),
        ("UntrustedRoot", "the certificate's CA is not trusted here"),
        ("PartialChain", "the certificate's CA is not trusted here (no chain to a trusted root)"),
        ("RemoteCertificateNotAvailable", "the server sent no certificate"),
        ("RemoteCertificateValidationCallback", "the certificate is not signed by the configured CA, or does not match the pinned fingerprint"),
    ];

    /// <summary>The TLS failure somewhere in a request's exception chain, or null.</summary>
    public static AuthenticationException? Find(Exception? e) => e switch
    {
        null => null,
        AuthenticationException tls => tls,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null),
        _ => Find(e.InnerException),
    };

    /// <summary><c>the certificate's CA is not trusted here (The remote certificate is invalid ...: UntrustedRoot)</c>.</summary>
    public static string Describe(AuthenticationException e)
    {
        var causes = Causes.Where(c => e.Message.Contains(c.Status, StringComparison.Ordinal)).Select(c => c.Meaning).Distinct().ToList();
        return causes.Count == 0 ? e.Message : $"{string.Join("; ", causes)} ({e.Message})";
    }
}

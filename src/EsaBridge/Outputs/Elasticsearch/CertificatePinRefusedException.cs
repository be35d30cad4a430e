using System.Security.Authentication;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>
/// Thrown from the certificate check when a pinned fingerprint is not in the server's chain. It is an
/// <see cref="AuthenticationException"/> so it is reported like any TLS refusal, but with this reason instead of
/// .NET's "rejected by the provided RemoteCertificateValidationCallback".
/// </summary>
internal sealed class CertificatePinRefusedException(string message) : AuthenticationException(message);

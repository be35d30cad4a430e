using System.Security.Authentication;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Thrown from the certificate check when the configured trust (a pinned fingerprint, or the CA of --es-ca-cert)
/// refuses the server. It is an <see cref="AuthenticationException"/> so it is reported like any TLS refusal, but with
/// the real cause instead of .NET's "rejected by the provided RemoteCertificateValidationCallback".</summary>
internal sealed class CertificateRefusedException(string message) : AuthenticationException(message);

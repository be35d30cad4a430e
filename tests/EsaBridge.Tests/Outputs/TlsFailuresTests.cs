using System.Security.Authentication;
using EsaBridge.Outputs;

namespace EsaBridge.Tests.Outputs;

/// <summary>
/// The cause of a refused handshake as both outputs print it, from the messages .NET gives on Linux (the handshake
/// itself, for an untrusted CA, is in ElasticsearchTlsTests); the HTTP layers' "see inner exception" is looked through.
/// </summary>
public sealed class TlsFailuresTests
{
    [Theory]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", "the certificate's CA is not trusted here")]
    [InlineData("The remote certificate is invalid because of errors in the certificate chain: NotTimeValid", "the certificate has expired or is not valid yet")]
    [InlineData("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "the certificate is not for this host name")]
    [InlineData("The remote certificate was rejected by the provided RemoteCertificateValidationCallback.", "the certificate is not signed by the configured CA, or does not match the pinned fingerprint")]
    public void TheCauseComesFirstAndDotNetsWordsAfter(string message, string cause)
    {
        var wrapped = new HttpRequestException("The SSL connection could not be established, see inner exception.", new AuthenticationException(message));

        var tls = TlsFailures.Find(new InvalidOperationException("transport", wrapped));

        Assert.NotNull(tls);
        Assert.Equal($"{cause} ({message})", TlsFailures.Describe(tls));
    }

    [Fact]
    public void ANetworkErrorIsNotATlsFailure() =>
        Assert.Null(TlsFailures.Find(new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException(111))));
}

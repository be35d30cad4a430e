using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EsaBridge.Tests.Outputs;

/// <summary>A throw-away CA made in the test, and server certificates for 127.0.0.1 it signs.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Upper-case hex with colons, as openssl and Elasticsearch print it.</summary>
    public string Fingerprint => string.Join(':', Convert.ToHexString(SHA256.HashData(Certificate.RawData)).Chunk(2).Select(c => new string(c)));

    /// <summary>A server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate() => IssueServerCertificate("localhost", forLoopback: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29));

    /// <summary>A server certificate for <paramref name="dnsName"/> (and 127.0.0.1 when <paramref name="forLoopback"/>), valid in the given window.</summary>
    public X509Certificate2 IssueServerCertificate(string dnsName, bool forLoopback, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={(forLoopback ? "127.0.0.1" : dnsName)}", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (forLoopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Certificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}

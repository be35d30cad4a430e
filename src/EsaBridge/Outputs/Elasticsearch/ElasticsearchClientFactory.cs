using System.Security.Cryptography;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Builds the official client from the settings: node pool, credentials, TLS trust, timeout.</summary>
internal static class ElasticsearchClientFactory
{
    public static ElasticsearchClient Create(ElasticsearchSettings settings)
    {
        NodePool pool = settings.Urls.Count == 1 ? new SingleNodePool(settings.Urls[0]) : new StaticNodePool(settings.Urls);
        // With compression on, bodies are gzipped by our handler at the fastest level instead of by the client.
        var invoker = new HttpRequestInvoker((handler, _) => new NoRedirects(settings.Compression ? new GzipFastestHandler(handler) : handler));
        var clientSettings = new ElasticsearchClientSettings(pool, invoker, sourceSerializer: null, propertyMappingProvider: null)
            .RequestTimeout(settings.RequestTimeout)
            .EnableHttpCompression(false);
        if (settings.ApiKey is not null)
        {
            clientSettings = clientSettings.Authentication(new ApiKey(settings.ApiKey));
        }
        else if (settings.Username is not null)
        {
            clientSettings = clientSettings.Authentication(new BasicAuthentication(settings.Username, settings.Password ?? string.Empty));
        }

        if (settings.CertificateFingerprint is not null)
        {
            string pinned = NormalizeFingerprint(settings.CertificateFingerprint);
            clientSettings = clientSettings.ServerCertificateValidationCallback((_, certificate, chain, errors) =>
                TrustedByFingerprint(pinned, certificate, chain, errors));
        }
        else if (settings.CaCertificatePath is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaCertificatePath);
            clientSettings = clientSettings.ServerCertificateValidationCallback((_, certificate, _, errors) =>
                TrustedBy(authority, certificate, errors));
        }

        return new ElasticsearchClient(clientSettings);
    }

    /// <summary>Accepts a server whose chain holds a certificate with the pinned SHA-256 fingerprint (the CA's, as
    /// Elasticsearch prints it at first start, or the server's own) and that chains to it. The pin is the only trust:
    /// a chain the system store trusts but that does not contain the pinned certificate is refused, and a name
    /// mismatch still fails.</summary>
    /// <exception cref="CertificateRefusedException">The chain does not contain the pinned certificate.</exception>
    internal static bool TrustedByFingerprint(string pinned, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || certificate is null)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        List<X509Certificate2> extra = chain is null ? [] : chain.ChainPolicy.ExtraStore.Concat(chain.ChainElements.Select(e => e.Certificate)).ToList();
        var anchor = extra.Prepend(leaf).FirstOrDefault(c => Convert.ToHexString(SHA256.HashData(c.RawData)) == pinned)
            ?? throw new CertificateRefusedException(
                $"the server's certificate chain ({string.Join(" <- ", extra.Prepend(leaf).Select(c => c.Subject).Distinct())}) " +
                $"does not contain the certificate pinned with --es-fingerprint ({Colons(pinned)}); refused even if the system trusts it");
        if (anchor.RawData.AsSpan().SequenceEqual(leaf.RawData))
        {
            return true;
        }

        using var pinnedChain = new X509Chain();
        pinnedChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        pinnedChain.ChainPolicy.CustomTrustStore.Add(anchor);
        pinnedChain.ChainPolicy.ExtraStore.AddRange(extra.ToArray());
        pinnedChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return pinnedChain.Build(leaf);
    }

    private static string Colons(string hex) => string.Join(':', hex.Chunk(2).Select(c => new string(c)));

    /// <summary>Upper-case hex without separators: <c>aa:bb:...</c> and <c>AABB...</c> are the same pin.</summary>
    internal static string NormalizeFingerprint(string fingerprint) =>
        new string(fingerprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();

    /// <summary>Accepts a chain that ends in the configured CA; a name mismatch or any other error still fails.</summary>
    /// <exception cref="CertificateRefusedException">Why the server is refused, in the words of .NET's status names
    /// (<c>RemoteCertificateNameMismatch</c>, <c>NotTimeValid</c>, <c>PartialChain</c>), which the error line explains.</exception>
    internal static bool TrustedBy(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors, string caFlag = "--es-ca-cert")
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null)
        {
            throw new CertificateRefusedException("the server sent no certificate (RemoteCertificateNotAvailable)");
        }

        using var leaf = new X509Certificate2(certificate);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            throw new CertificateRefusedException($"the server's certificate ({leaf.Subject}) does not name the host it was reached at (RemoteCertificateNameMismatch)");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(leaf))
        {
            return true;
        }

        string statuses = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        throw new CertificateRefusedException(
            $"the server's certificate ({leaf.Subject}, issued by {leaf.Issuer}) is refused by {caFlag} ({authority.Subject}): {statuses}");
    }
}

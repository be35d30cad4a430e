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
        var clientSettings = new ElasticsearchClientSettings(pool).RequestTimeout(settings.RequestTimeout);
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
            clientSettings = clientSettings.CertificateFingerprint(settings.CertificateFingerprint);
        }
        else if (settings.CaCertificatePath is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(settings.CaCertificatePath);
            clientSettings = clientSettings.ServerCertificateValidationCallback((_, certificate, _, errors) =>
                TrustedBy(authority, certificate, errors));
        }

        return new ElasticsearchClient(clientSettings);
    }

    /// <summary>Accepts a chain that ends in the configured CA; a name mismatch or any other error still fails.</summary>
    internal static bool TrustedBy(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}

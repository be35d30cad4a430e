using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>
/// A Kestrel server on 127.0.0.1 with a dynamic port and one terminal handler: no routing, no logging, no request size
/// limit of its own (the doubles enforce the limits of the product they imitate).
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private LoopbackHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The bound address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <param name="certificate">When given, the server speaks HTTPS with this certificate (and its private key).</param>
    /// <param name="chain">Certificates sent after it (the CA, as Elasticsearch's own http.p12 does).</param>
    /// <param name="port">0 for any free port; a given port lets a double come back where it was after an outage.</param>
    public static async Task<LoopbackHost> StartAsync(RequestDelegate handler, X509Certificate2? certificate = null, X509Certificate2Collection? chain = null, int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            if (certificate is not null)
            {
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ServerCertificateChain = chain,
                }));
            }
        });
        if (certificate is null)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync().ConfigureAwait(false);
        string bound = app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return new LoopbackHost(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <summary>Stops the server; a second call does nothing (a double can be taken down before it is disposed).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

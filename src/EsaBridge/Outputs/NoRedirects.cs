namespace EsaBridge.Outputs;

/// <summary>Never follows a redirect: what we send, credentials and assets included, is meant for the address the user
/// gave, and a server elsewhere must not be written to, then reported as "updated". A 3xx with a <c>Location</c> stops
/// the request with <see cref="RedirectRefusedException"/> naming the target (credentials hidden).</summary>
internal sealed class NoRedirects : DelegatingHandler
{
    public NoRedirects(HttpMessageHandler inner)
        : base(WithoutAutoRedirect(inner))
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Checked(request, response);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Checked(request, base.Send(request, cancellationToken));

    private static HttpResponseMessage Checked(HttpRequestMessage request, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is < 300 or > 399 || response.Headers.Location is not Uri location || request.RequestUri is not Uri from)
        {
            return response;
        }

        response.Dispose();
        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        bool sameOrigin = Uri.Compare(from, target, UriComponents.Scheme | UriComponents.HostAndPort, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        throw new RedirectRefusedException(
            $"{request.Method} {UrlRedaction.Redact(from.GetLeftPart(UriPartial.Path))} answered HTTP {status} redirecting to " +
            $"{UrlRedaction.Redact(target.GetLeftPart(UriPartial.Path))}{(sameOrigin ? string.Empty : ", another server")}: " +
            "redirects are not followed and nothing was sent there; if that is the right server, give its address instead");
    }

    /// <summary>The innermost handler's own redirects are turned off, so every redirect comes back through here.</summary>
    private static HttpMessageHandler WithoutAutoRedirect(HttpMessageHandler inner)
    {
        var innermost = inner;
        while (innermost is DelegatingHandler { InnerHandler: { } next })
        {
            innermost = next;
        }

        switch (innermost)
        {
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                break;
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                break;
            default:
                throw new ArgumentException($"cannot turn off redirects of a {innermost.GetType().Name}", nameof(inner));
        }

        return inner;
    }
}

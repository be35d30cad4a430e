using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>
/// A server that answers every request with a redirect (307, 308, ...) to the same path and query on another base
/// address, as a load balancer or a moved service would. Counts what it was asked.
/// </summary>
public sealed class RedirectDouble : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly int _status;
    private LoopbackHost? _host;
    private int _requests;

    private RedirectDouble(Uri target, int status)
    {
        _target = target;
        _status = status;
    }

    public Uri Url => _host!.Url;

    public int RequestCount => Volatile.Read(ref _requests);

    /// <param name="target">Base address the redirects point to (may carry user info, to see that it is not printed).</param>
    public static async Task<RedirectDouble> StartAsync(Uri target, int status = StatusCodes.Status307TemporaryRedirect)
    {
        var double_ = new RedirectDouble(target, status);
        double_._host = await LoopbackHost.StartAsync(double_.Handle).ConfigureAwait(false);
        return double_;
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private Task Handle(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        string pathAndQuery = context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString.Value;
        context.Response.StatusCode = _status;
        context.Response.Headers.Location = new Uri(_target, pathAndQuery).ToString();
        return Task.CompletedTask;
    }
}

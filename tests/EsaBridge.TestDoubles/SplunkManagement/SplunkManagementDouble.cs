using System.Text;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>
/// An in-process splunkd management API (port 8089's REST) on Kestrel, 127.0.0.1 with a dynamic port, HTTP or
/// HTTPS: authentication first (Basic, Bearer tokens, Splunk session keys), then <c>services/apps/local</c> and,
/// under <c>servicesNS/{owner}/{app}/</c>, the <c>configs/conf-{file}</c>, <c>data/ui/views</c> and
/// <c>data/ui/nav</c> collections. Bodies are form-encoded; answers are JSON with <c>output_mode=json</c> and XML
/// otherwise, errors as splunkd's <c>messages</c>.
/// </summary>
public sealed class SplunkManagementDouble : IAsyncDisposable
{
    private readonly SplunkStore _store = new();
    private readonly SplunkObjectEndpoints _objects;
    private readonly RequestLog _log = new();
    private LoopbackHost? _host;

    private SplunkManagementDouble(SplunkManagementOptions options)
    {
        Options = options;
        _objects = new SplunkObjectEndpoints(_store);
        foreach (string app in options.Apps)
        {
            _store.AddApp(app, app);
        }
    }

    /// <summary>The server's address with a trailing slash, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Url => _host!.Url;

    public SplunkManagementOptions Options { get; }

    /// <summary>Every request received so far, in arrival order, with the status it was answered with.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot;

    public static async Task<SplunkManagementDouble> StartAsync(SplunkManagementOptions? options = null)
    {
        var server = new SplunkManagementDouble(options ?? new SplunkManagementOptions());
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, server.Options.Certificate, server.Options.CertificateChain).ConfigureAwait(false);
        return server;
    }

    /// <summary>The installed apps by name.</summary>
    public IReadOnlyCollection<string> InstalledApps
    {
        get
        {
            lock (_store.Gate)
            {
                return [.. _store.Apps.Select(a => a.Name)];
            }
        }
    }

    /// <summary>The objects an app holds in a collection (<c>data/ui/views</c>, <c>configs/conf-props</c>, ...), by name.</summary>
    public IReadOnlyDictionary<string, SplunkObject> ObjectsIn(string app, string collection)
    {
        lock (_store.Gate)
        {
            return _store.Snapshot(collection, app);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await RequestBody.ReadAsync(request).ConfigureAwait(false);
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var form = Form(query, request.ContentType, body.Text);
        bool json = query.TryGetValue("output_mode", out var mode) && mode.ToString() == "json";
        var answer = Answer(request.Method, RawPath(context), request.Headers.Authorization.ToString(), form);
        _log.Add(request, body.Text, answer.Status);

        var response = context.Response;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType(json);
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(answer.Render(json, Options.Version, Url));
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private SplunkAnswer Answer(string method, string[] segments, string authorization, ILookup<string, string> form)
    {
        if (SplunkAuthentication.Refusal(authorization, Options) is { } refusal)
        {
            return refusal;
        }

        // services/apps/local[/{name}]
        if (segments is ["services", "apps", "local", .. var rest] && rest.Length <= 1)
        {
            return Apps(method, rest.Length == 1 ? rest[0] : null, form);
        }

        // servicesNS/{owner}/{app}/configs/conf-{file}[/{stanza}[/acl]] and servicesNS/{owner}/{app}/data/ui/{views|nav}[/{name}[/acl]]
        if (segments is ["servicesNS", _, var app, .. var path])
        {
            (string Collection, string[] Tail)? target = path switch
            {
                ["configs", var conf, .. var tail] when conf.StartsWith("conf-", StringComparison.Ordinal) => ($"configs/{conf}", tail),
                ["data", "ui", "views" or "nav", .. var tail] => ($"data/ui/{path[2]}", tail),
                _ => null,
            };
            if (target is { } t && t.Tail.Length <= 2 && (t.Tail.Length < 2 || t.Tail[1] == "acl"))
            {
                return _objects.Handle(method, app, t.Collection, t.Tail.Length > 0 ? t.Tail[0] : null, t.Tail.Length == 2, form);
            }
        }

        return SplunkAnswer.Error(404, "Not Found");
    }

    private SplunkAnswer Apps(string method, string? name, ILookup<string, string> form)
    {
        const string Origin = "/services/apps/local";
        lock (_store.Gate)
        {
            if (name is not null)
            {
                return method == "GET" && _store.App(name) is { } app ? SplunkAnswer.Feed(200, Origin, app)
                    : method == "GET" ? SplunkAnswer.NotFound(name)
                    : SplunkAnswer.Error(405, "Method Not Allowed");
            }

            if (method == "GET")
            {
                return SplunkAnswer.Feed(200, Origin, [.. _store.Apps.OrderBy(a => a.Name, StringComparer.Ordinal)]);
            }

            string? created = form["name"].LastOrDefault();
            if (string.IsNullOrEmpty(created))
            {
                return SplunkAnswer.Error(400, "Argument \"name\" is required");
            }

            if (_store.App(created) is not null)
            {
                return SplunkAnswer.Error(409, $"An object with name={created} already exists");
            }

            var added = _store.AddApp(created, form["label"].LastOrDefault() ?? created);
            foreach (var group in form.Where(g => g.Key is not ("name" or "label")))
            {
                added.Content[group.Key] = group.Last();
            }

            return SplunkAnswer.Feed(201, Origin, added);
        }
    }

    /// <summary>The path's segments, each percent-decoded on its own (so <c>%2F</c>, <c>%3A</c> and <c>%3D</c> stay inside one name).</summary>
    private static string[] RawPath(HttpContext context)
    {
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        int question = target.IndexOf('?', StringComparison.Ordinal);
        string path = question < 0 ? target : target[..question];
        return [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
    }

    /// <summary>Arguments from the query string and the form-encoded body, repeated keys kept, as splunkd merges them.</summary>
    private static ILookup<string, string> Form(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string? contentType, string body)
    {
        var pairs = query.Where(q => q.Key != "output_mode").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? string.Empty))).ToList();
        if (body.Length > 0 && (contentType is null || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            var reader = new FormReader(body);
            while (reader.ReadNextPair() is { } pair)
            {
                pairs.Add(KeyValuePair.Create(pair.Key, pair.Value));
            }
        }

        return pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}

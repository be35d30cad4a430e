using System.Text;
using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>
/// An in-process Kibana on Kestrel (127.0.0.1, dynamic port) with the status API and the saved objects import API
/// (default space and <c>/s/{space}</c>), following the real rules: kbn-xsrf, multipart with a <c>.ndjson</c> file part,
/// missing references and conflicts reported per object with HTTP 200 and <c>success:false</c>.
/// </summary>
public sealed class KibanaDouble : IAsyncDisposable
{
    private const string ImportPath = "/api/saved_objects/_import";

    private readonly SavedObjectStore _store = new();
    private readonly RequestLog _log = new();
    private readonly ImportEndpoint _import;
    private LoopbackHost? _host;

    private KibanaDouble(KibanaDoubleOptions options)
    {
        Options = options;
        _import = new ImportEndpoint(new SavedObjectImporter(_store));
    }

    /// <summary>The server's address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Url => _host!.Url;

    public KibanaDoubleOptions Options { get; }

    /// <summary>Every request received so far, in arrival order (multipart bodies as raw text).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot;

    /// <summary>The saved objects of the default space by <c>type:id</c>, as imported.</summary>
    public IReadOnlyDictionary<string, JsonObject> ImportedObjects => ImportedObjectsIn("default");

    public static async Task<KibanaDouble> StartAsync(KibanaDoubleOptions? options = null)
    {
        var server = new KibanaDouble(options ?? new KibanaDoubleOptions());
        server._host = await LoopbackHost.StartAsync(server.HandleAsync).ConfigureAwait(false);
        return server;
    }

    /// <summary>The saved objects of a space by <c>type:id</c>.</summary>
    public IReadOnlyDictionary<string, JsonObject> ImportedObjectsIn(string space)
    {
        lock (_store.Gate)
        {
            return _store.Snapshot(space);
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
        var answer = await AnswerAsync(request, body.Bytes).ConfigureAwait(false);
        _log.Add(request, body.Text, answer.Status);

        var response = context.Response;
        response.StatusCode = answer.Status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers["kbn-name"] = "kibana";
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(answer.Body.ToJsonString());
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private async Task<KibanaAnswer> AnswerAsync(HttpRequest request, byte[] body)
    {
        var (space, path) = SplitSpace(request.Path.Value ?? "/");
        bool status = path == "/api/status" && HttpMethods.IsGet(request.Method);
        bool import = path == ImportPath && HttpMethods.IsPost(request.Method);
        if (!status && !import)
        {
            return KibanaAnswer.NotFound();
        }

        string authorization = request.Headers.Authorization.ToString();
        var verdict = Credentials.Check(authorization, Options.ApiKey, Options.Basic);
        if (verdict != CredentialVerdict.Accepted)
        {
            return KibanaSecurity.Unauthorized(verdict, Credentials.BasicUser(authorization));
        }

        if (!Options.Spaces.Contains(space))
        {
            return KibanaAnswer.Boom(404, $"Saved object [space/{space}] not found");
        }

        return status
            ? StatusEndpoint.Answer(Options.Version)
            : await _import.HandleAsync(request, body, space, Options.Version).ConfigureAwait(false);
    }

    private static (string Space, string Path) SplitSpace(string path)
    {
        if (!path.StartsWith("/s/", StringComparison.Ordinal))
        {
            return ("default", path);
        }

        int slash = path.IndexOf('/', 3);
        return slash < 0 ? (path[3..], "/") : (path[3..slash], path[slash..]);
    }
}

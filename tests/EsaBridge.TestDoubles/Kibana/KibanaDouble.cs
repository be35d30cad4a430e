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
    private const string FindPath = "/api/saved_objects/_find";

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
        bool find = path == FindPath && HttpMethods.IsGet(request.Method);
        bool update = HttpMethods.IsPut(request.Method) && path.StartsWith("/api/saved_objects/", StringComparison.Ordinal) && path.Count(c => c == '/') == 4;
        if (!status && !import && !find && !update)
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

        if (find)
        {
            return Find(request, space);
        }

        if (update)
        {
            return Update(request, body, space, path);
        }

        return status
            ? StatusEndpoint.Answer(Options.Version)
            : await _import.HandleAsync(request, body, space, Options.Version).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET [/s/{space}]/api/saved_objects/_find?type=..</c>: the space's objects of that type, each with its
    /// <c>namespaces</c> and, for an object imported under a new id, its <c>originId</c>; <c>type</c> is required (400).
    /// </summary>
    private KibanaAnswer Find(HttpRequest request, string space)
    {
        string? type = request.Query["type"];
        if (string.IsNullOrEmpty(type))
        {
            return KibanaAnswer.Boom(400, "[request query.type]: expected at least one defined value but got [undefined]");
        }

        int perPage = int.TryParse(request.Query["per_page"], out int n) && n > 0 ? n : 20;
        List<JsonObject> found;
        lock (_store.Gate)
        {
            found = [.. _store.OfType(space, type).OrderBy(o => o["id"]!.ToString(), StringComparer.Ordinal)];
        }

        var page = new JsonArray();
        foreach (var obj in found.Take(perPage))
        {
            var item = new JsonObject
            {
                ["type"] = type,
                ["id"] = obj["id"]!.ToString(),
                ["attributes"] = obj["attributes"]?.DeepClone(),
                ["references"] = obj["references"]?.DeepClone() ?? new JsonArray(),
                ["namespaces"] = new JsonArray(space),
                ["score"] = 0,
            };
            if (obj["originId"] is { } origin)
            {
                item["originId"] = origin.DeepClone();
            }

            page.Add(item);
        }

        return KibanaAnswer.Ok(new JsonObject { ["page"] = 1, ["per_page"] = perPage, ["total"] = found.Count, ["saved_objects"] = page });
    }

    /// <summary>
    /// <c>PUT [/s/{space}]/api/saved_objects/{type}/{id}</c> with <c>{"attributes":{...}}</c>: what Kibana's UI does when a
    /// user edits an object (a field format on a data view, a dashboard's title): the given attributes replace theirs.
    /// </summary>
    private KibanaAnswer Update(HttpRequest request, byte[] body, string space, string path)
    {
        if (!request.Headers.ContainsKey("kbn-xsrf"))
        {
            return KibanaAnswer.Boom(400, "Request must contain a kbn-xsrf header.");
        }

        string[] parts = path.Split('/');
        string key = SavedObjectStore.Key(parts[3], parts[4]);
        if (JsonNode.Parse(body) is not JsonObject { } update || update["attributes"] is not JsonObject attributes)
        {
            return KibanaAnswer.Boom(400, "[request body.attributes]: expected value of type [object]");
        }

        lock (_store.Gate)
        {
            var objects = _store.Snapshot(space);
            if (!objects.TryGetValue(key, out var saved))
            {
                return KibanaAnswer.Boom(404, $"Saved object [{parts[3]}/{parts[4]}] not found");
            }

            foreach (var (name, value) in attributes)
            {
                saved["attributes"]![name] = value?.DeepClone();
            }

            _store.Put(space, key, saved);
            return KibanaAnswer.Ok(saved);
        }
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

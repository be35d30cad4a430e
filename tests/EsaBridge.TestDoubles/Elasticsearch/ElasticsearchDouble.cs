using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// An in-process Elasticsearch 9.1 on Kestrel (127.0.0.1, dynamic port) that answers like the real server on the points
/// EsaBridge depends on: product header, gzip bodies, media types, security, NDJSON bulk with data stream rules, mapping
/// checks, templates, lifecycle policies and pipelines (run on writes: the processors <see cref="IngestProcessors"/> models),
/// plus scripted faults. A fresh double already has Elasticsearch's
/// built-in <c>logs</c> index template (for <c>logs-*-*</c>, priority 100) with its component templates, policy and pipeline.
/// </summary>
public sealed class ElasticsearchDouble : IAsyncDisposable
{
    private readonly ClusterState _cluster = new();
    private readonly RequestLog _log = new();
    private readonly EsRouter _router = new();
    private LoopbackHost? _host;
    private int _port;

    private ElasticsearchDouble(ElasticsearchDoubleOptions options)
    {
        Options = options;
        InfoEndpoint.Register(_router);
        BulkEndpoint.Register(_router, new BulkExecutor(_cluster, Faults, options), Faults);
        TemplateEndpoints.Register(_router, _cluster);
        LifecycleEndpoints.Register(_router, _cluster);
        PipelineEndpoints.Register(_router, _cluster);
        DataStreamEndpoints.Register(_router, _cluster);
        IndexEndpoints.Register(_router, _cluster);
    }

    /// <summary>The server's address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Url => _host!.Url;

    /// <summary>The configuration, read on every request: change it at run time to change the server's behaviour.</summary>
    public ElasticsearchDoubleOptions Options { get; }

    public FaultPlan Faults { get; } = new();

    /// <summary>
    /// The GeoLite2 databases the <c>geoip</c> processor of ingest pipelines finds: missing until a test makes them
    /// available (with an address table) or expired, as on a fresh cluster before its first download.
    /// </summary>
    public GeoIpDatabases GeoIp => _cluster.GeoIp;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot;

    /// <summary>
    /// Index templates clients installed, by name, with the bodies as PUT (GET renders them normalized, like Elasticsearch).
    /// The built-in ones are on the wire but not listed here unless a client replaced them; likewise below.
    /// </summary>
    public IReadOnlyDictionary<string, JsonObject> IndexTemplates => Read(BuiltIns.IndexTemplate, c => c.IndexTemplates.Bodies);

    public IReadOnlyDictionary<string, JsonObject> ComponentTemplates => Read(BuiltIns.ComponentTemplate, c => c.ComponentTemplates.Bodies);

    /// <summary>Lifecycle policies clients installed, by name, as PUT (<c>{"policy":{...}}</c>).</summary>
    public IReadOnlyDictionary<string, JsonObject> IlmPolicies => Read(BuiltIns.Policy, c => c.Lifecycle.Bodies);

    public IReadOnlyDictionary<string, JsonObject> IngestPipelines => Read(BuiltIns.Pipeline, c => c.Pipelines.Bodies);

    public static async Task<ElasticsearchDouble> StartAsync(ElasticsearchDoubleOptions? options = null)
    {
        var server = new ElasticsearchDouble(options ?? new ElasticsearchDoubleOptions());
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, server.Options.Certificate, server.Options.CertificateChain).ConfigureAwait(false);
        return server;
    }

    /// <summary>An outage: the port stops answering (connections are refused) until <see cref="ComeBackAsync"/>; data is kept.</summary>
    public async Task GoDownAsync()
    {
        _port = Url.Port;
        await _host!.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The end of an outage: the same cluster answers again on the same port.</summary>
    public async Task ComeBackAsync() =>
        _host = await LoopbackHost.StartAsync(HandleAsync, Options.Certificate, Options.CertificateChain, _port).ConfigureAwait(false);

    /// <summary>The number of documents in a data stream (or plain index) of that name; 0 when it does not exist.</summary>
    public int DocumentCount(string dataStream)
    {
        lock (_cluster.Gate)
        {
            return _cluster.Targets[dataStream]?.Count ?? 0;
        }
    }

    /// <summary>The sources of the documents in a data stream (or plain index) by <c>_id</c>; empty when it does not exist.</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents(string dataStream)
    {
        lock (_cluster.Gate)
        {
            return _cluster.Targets[dataStream]?.Sources() ?? [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Dictionary<string, JsonObject> Read(string kind, Func<ClusterState, IEnumerable<KeyValuePair<string, JsonObject>>> select)
    {
        lock (_cluster.Gate)
        {
            return _cluster.ClientOwned(kind, select(_cluster)).ToDictionary(p => p.Key, p => (JsonObject)p.Value.DeepClone(), StringComparer.Ordinal);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = await RequestBody.ReadPooledAsync(request).ConfigureAwait(false);
        var answer = Answer(request, body);
        if (answer.IsDropped)
        {
            _log.Add(request, body.Kept, 0);
            context.Abort();
            return;
        }

        byte[]? bytes = EsAnswerWriter.Body(answer, request);
        _log.Add(request, body.Kept, answer.Status);
        await EsAnswerWriter.WriteAsync(context, answer, bytes, Options.SendProductHeader).ConfigureAwait(false);
    }

    private EsAnswer Answer(HttpRequest request, RequestBody body)
    {
        string target = RequestLog.PathAndQuery(request);
        if (Faults.FailAllStatus is int status)
        {
            return FaultAnswers.For(status, target);
        }

        if (body.Length > Options.MaxRequestBytes)
        {
            return EsAnswer.Empty(413);
        }

        string? authorization = request.Headers.Authorization.ToString();
        var verdict = Credentials.Check(authorization, Options.ApiKey, Options.Basic);
        if (verdict != CredentialVerdict.Accepted)
        {
            return SecurityErrors.Unauthorized(verdict, target, Credentials.BasicUser(authorization));
        }

        if (body.Undecodable)
        {
            return EsErrors.IllegalArgument("request body is not valid for its Content-Encoding");
        }

        return MediaTypes.Refusal(request, body.Length > 0) ?? _router.Dispatch(request, body);
    }
}

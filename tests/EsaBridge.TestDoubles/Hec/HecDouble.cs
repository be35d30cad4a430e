using System.Text.Json;
using System.Text.Json.Nodes;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Http;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>
/// An in-process Splunk HTTP Event Collector on Kestrel (127.0.0.1, dynamic port) that answers like HEC on the points
/// docs/splunk-notes.md lists: the event, raw, health and ack endpoints (and their <c>/1.0</c> forms), <c>Splunk</c>
/// token auth, the whole error table with <c>text</c>, <c>code</c> and <c>invalid-event-number</c>, partial indexing
/// before a faulty event, channels and ack ids, gzip bodies, 413 over <c>max_content_length</c>, plus scripted faults.
/// </summary>
public sealed class HecDouble : IAsyncDisposable
{
    private const string ChannelHeader = "X-Splunk-Request-Channel";

    private readonly RequestLog _log = new();
    private readonly HecChannels _channels = new();
    private readonly Lock _gate = new();
    private readonly List<IndexedEvent> _events = [];
    private long _eventCount;
    private LoopbackHost? _host;
    private int _port;

    private HecDouble(HecDoubleOptions options)
    {
        Options = options;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:&lt;port&gt;/</c> (the same during and after an outage).</summary>
    public Uri Url { get; private set; } = null!;

    public HecDoubleOptions Options { get; }

    public HecFaultPlan Faults { get; } = new();

    /// <summary>Every request received so far, in arrival order (bodies only when <see cref="HecDoubleOptions.KeepEvents"/>).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot;

    /// <summary>The events indexed so far, in order (empty when <see cref="HecDoubleOptions.KeepEvents"/> is off).</summary>
    public IReadOnlyList<IndexedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>How many events were indexed, kept or not.</summary>
    public long EventCount => Interlocked.Read(ref _eventCount);

    public static async Task<HecDouble> StartAsync(HecDoubleOptions? options = null)
    {
        var server = new HecDouble(options ?? new HecDoubleOptions());
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, server.Options.Certificate, server.Options.CertificateChain).ConfigureAwait(false);
        server.Url = server._host.Url;
        return server;
    }

    /// <summary>An outage: the port stops answering (connections are refused) until <see cref="ComeBackAsync"/>; events are kept.</summary>
    public async Task GoDownAsync()
    {
        _port = Url.Port;
        await _host!.DisposeAsync().ConfigureAwait(false);
        _host = null;
    }

    /// <summary>The end of an outage: the same HEC answers again on the same port.</summary>
    public async Task ComeBackAsync() =>
        _host = await LoopbackHost.StartAsync(HandleAsync, Options.Certificate, Options.CertificateChain, _port).ConfigureAwait(false);

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
        var answer = Answer(request, body);
        _log.Add(request, Options.KeepEvents ? body.Text : string.Empty, answer.Status);
        if (answer.IsDropped)
        {
            context.Abort();
            return;
        }

        await answer.WriteAsync(context).ConfigureAwait(false);
    }

    private HecAnswer Answer(HttpRequest request, RequestBody body)
    {
        string path = request.Path.Value?.TrimEnd('/') ?? string.Empty;
        var endpoint = path switch
        {
            "/services/collector/health" or "/services/collector/health/1.0" => Endpoint.Health,
            "/services/collector" or "/services/collector/event" or "/services/collector/1.0" or "/services/collector/event/1.0" => Endpoint.Event,
            "/services/collector/raw" or "/services/collector/raw/1.0" => Endpoint.Raw,
            "/services/collector/ack" => Endpoint.Ack,
            _ => Endpoint.None,
        };
        if (endpoint == Endpoint.None)
        {
            return HecAnswer.NotFound;
        }

        if (endpoint == Endpoint.Health)
        {
            Thread.Sleep(Options.HealthDelay);
            return HecAnswer.Of(Options.Health);
        }

        if (Faults.FailAllCode is HecCode failing)
        {
            return HecAnswer.Of(failing);
        }

        if (Authorize(request) is HecCode refused)
        {
            return HecAnswer.Of(refused);
        }

        long length = request.ContentLength ?? body.Length;
        if (length > Options.MaxContentLength)
        {
            return HecAnswer.TooLarge(length, Options.MaxContentLength);
        }

        string? channel = request.Headers[ChannelHeader].FirstOrDefault() ?? request.Query["channel"].FirstOrDefault();
        if (channel is not null && !Guid.TryParse(channel, out _))
        {
            return HecAnswer.Of(HecCode.InvalidDataChannel);
        }

        if (endpoint == Endpoint.Ack)
        {
            return Acknowledge(channel, body);
        }

        if (channel is null && (Options.AckEnabled || endpoint == Endpoint.Raw))
        {
            return HecAnswer.Of(HecCode.DataChannelMissing);
        }

        var fault = Faults.TakeNext();
        if (fault?.Kind == EventPostFaultKind.Fail)
        {
            return HecAnswer.Of(fault.Code, retryAfter: fault.RetryAfter);
        }

        if (fault?.Kind == EventPostFaultKind.Drop)
        {
            return HecAnswer.Dropped;
        }

        if (body.Undecodable)
        {
            return HecAnswer.Of(HecCode.InvalidDataFormat);
        }

        bool lost = fault?.Kind == EventPostFaultKind.Lose;
        var answer = endpoint == Endpoint.Raw ? IndexRaw(body.Bytes, channel, lost) : IndexEvents(body.Bytes, channel, lost);
        if (answer is not null)
        {
            return answer;
        }

        return Options.AckEnabled
            ? HecAnswer.Of(HecCode.Success, ackId: _channels.Issue(channel!, Faults.AckPendingPolls, lost))
            : HecAnswer.Of(HecCode.Success);
    }

    /// <returns>The refusal's code, or null when the request carries the token.</returns>
    private HecCode? Authorize(HttpRequest request)
    {
        if (request.Query.ContainsKey("token") && !Options.QueryStringAuthorization)
        {
            return HecCode.QueryStringAuthorizationDisabled;
        }

        string? token = request.Query["token"].FirstOrDefault();
        if (token is null)
        {
            string authorization = request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                return HecCode.TokenRequired;
            }

            if (!authorization.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase))
            {
                return HecCode.InvalidAuthorization;
            }

            token = authorization[7..].Trim();
        }

        if (token != Options.Token)
        {
            return HecCode.InvalidToken;
        }

        return Options.TokenDisabled ? HecCode.TokenDisabled : null;
    }

    /// <summary>Indexes the events up to the first faulty one; answers that one's refusal, or null when all were indexed.</summary>
    private HecAnswer? IndexEvents(byte[] body, string? channel, bool lost)
    {
        var (events, fault, number) = HecEventReader.Read(body, Options.AllowedIndexes);
        if (events.Count == 0 && fault is null)
        {
            return HecAnswer.Of(HecCode.NoData);
        }

        if (Faults.HasEventRules)
        {
            for (int i = 0; i < events.Count; i++)
            {
                var envelope = JsonNode.Parse(body.AsMemory(events[i].Start, events[i].Length).Span)!.AsObject();
                if (Faults.EventFault(envelope) is HecCode refused)
                {
                    events = events[..i];
                    (fault, number) = (refused, i);
                    break;
                }
            }
        }

        if (!lost)
        {
            Keep(events.Select(e => body.AsSpan(e.Start, e.Length).ToArray()), events.Count, channel);
        }

        return fault is HecCode code ? HecAnswer.Of(code, invalidEvent: number) : null;
    }

    /// <summary>The raw endpoint: each non-empty line of the body is one event.</summary>
    private HecAnswer? IndexRaw(byte[] body, string? channel, bool lost)
    {
        var lines = System.Text.Encoding.UTF8.GetString(body).Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            return HecAnswer.Of(HecCode.NoData);
        }

        if (!lost)
        {
            Keep(lines.Select(l => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["event"] = l.TrimEnd('\r') })), lines.Count, channel);
        }

        return null;
    }

    private HecAnswer Acknowledge(string? channel, RequestBody body)
    {
        if (!Options.AckEnabled)
        {
            return HecAnswer.Of(HecCode.AckDisabled);
        }

        if (channel is null)
        {
            return HecAnswer.Of(HecCode.DataChannelMissing);
        }

        List<long> ids;
        try
        {
            var acks = JsonNode.Parse(body.Bytes)?["acks"]?.AsArray();
            if (acks is null)
            {
                return HecAnswer.Of(HecCode.InvalidDataFormat);
            }

            ids = acks.Select(a => a!.GetValue<long>()).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            return HecAnswer.Of(HecCode.InvalidDataFormat);
        }

        var states = _channels.Poll(channel, ids);
        return HecAnswer.Json(200, w =>
        {
            w.WriteStartObject("acks");
            foreach (var (id, acknowledged) in states)
            {
                w.WriteBoolean(id.ToString(System.Globalization.CultureInfo.InvariantCulture), acknowledged);
            }

            w.WriteEndObject();
        });
    }

    private void Keep(IEnumerable<byte[]> events, int count, string? channel)
    {
        Interlocked.Add(ref _eventCount, count);
        if (!Options.KeepEvents)
        {
            return;
        }

        lock (_gate)
        {
            _events.AddRange(events.Select(e => new IndexedEvent(e, channel)));
        }
    }

    private enum Endpoint
    {
        None,
        Health,
        Event,
        Raw,
        Ack,
    }
}

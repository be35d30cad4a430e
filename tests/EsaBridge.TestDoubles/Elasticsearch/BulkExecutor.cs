using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Applies the operations of one bulk request in order, atomically with respect to other requests, and returns the
/// response body: <c>{"errors":bool,"took":n,"items":[...]}</c> with one item per operation (or, when
/// <see cref="BulkItems"/> could write it directly, what the request's <c>filter_path</c> keeps of it).
/// </summary>
internal sealed class BulkExecutor(ClusterState cluster, FaultPlan faults, ElasticsearchDoubleOptions options)
{
    private readonly IngestRunner _ingest = new(cluster);

    public byte[] Execute(IReadOnlyList<BulkAction> actions, string? filterPath, out bool filtered)
    {
        var clock = Stopwatch.StartNew();
        using var items = new BulkItems();
        lock (cluster.Gate)
        {
            var now = DateTimeOffset.UtcNow;
            var request = new RequestScope();
            foreach (var action in actions)
            {
                One(action, items, now, request);
            }
        }

        return items.Finish(clock.ElapsedMilliseconds, filterPath, out filtered);
    }

    private static string AutoId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    private static JsonObject? Check(ReadOnlySpan<byte> source, WriteTarget target, string id, bool needsTimestamp) =>
        DocumentChecker.Check(source, target.Mapping, target.IgnoreMalformed, id, needsTimestamp);

    private void One(BulkAction action, BulkItems items, DateTimeOffset now, RequestScope request)
    {
        var resolution = request.Resolved(action)
            ?? request.Remember(action, cluster.Targets.ForWrite(action.Index!, action.Op, action.RequireDataStream, options.AutoCreateDataStreams, cluster.IndexTemplates, now));
        if (resolution.Target is not { } target)
        {
            items.Failed(action.Op, action.Index, action.Id, resolution.Status, resolution.Error!);
            return;
        }

        switch (action.Op)
        {
            case "delete":
                var (tombstone, found) = target.Delete(action.Id!);
                items.Done("delete", target.WriteIndex, action.Id!, tombstone, found ? "deleted" : "not_found", found ? 200 : 404);
                break;
            case "update":
                Update(action, target, items);
                break;
            default:
                Write(action, target, items, now, request);
                break;
        }
    }

    private void Write(BulkAction action, WriteTarget target, BulkItems items, DateTimeOffset now, RequestScope request)
    {
        string id = action.Id ?? AutoId();
        string? pipeline = action.Pipeline ?? target.DefaultPipeline;
        pipeline = pipeline == "_none" ? null : pipeline;
        string? finalPipeline = target.FinalPipeline;
        string? missing = pipeline is not null && !request.PipelineExists(pipeline, cluster.Pipelines) ? pipeline
            : finalPipeline is not null && !request.PipelineExists(finalPipeline, cluster.Pipelines) ? finalPipeline : null;
        var existing = target[id];
        var error = missing is not null ? (400, EsErrors.Cause("illegal_argument_exception", $"pipeline with id [{missing}] does not exist"))
            : faults.RejectNow(id) ? (429, BulkErrors.Rejected())
            : ((int Status, JsonObject Cause)?)null;
        var source = action.KeptSource;
        if (error is null && (pipeline is not null || finalPipeline is not null))
        {
            try
            {
                source = _ingest.Run(pipeline, finalPipeline, action.Source.Span, now) ?? source;
            }
            catch (IngestFailure failure)
            {
                error = (400, EsErrors.Cause(failure.Type, failure.Message));
            }
        }

        error ??= Scripted(source) is { } scripted ? (400, EsErrors.Cause("document_parsing_exception", scripted))
            : Check(source.Span, target, id, target.IsDataStream) is { } invalid ? (400, invalid)
            : action.Op == "create" && existing is not null ? (409, BulkErrors.VersionConflict(target, id, existing.Version))
            : null;
        if (error is { } e)
        {
            items.Failed(action.Op, target.WriteIndex, id, e.Status, e.Cause);
            return;
        }

        var stored = target.Write(id, source);
        items.Done(action.Op, target.WriteIndex, id, stored, existing is not null ? "updated" : "created", existing is not null ? 200 : 201);
    }

    private static void Update(BulkAction action, WriteTarget target, BulkItems items)
    {
        string id = action.Id!;
        JsonObject request;
        try
        {
            request = JsonNode.Parse(action.Source.Span)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            items.Failed("update", target.WriteIndex, id, 400, EsErrors.Cause("x_content_parse_exception", "[1:1] " + e.Message));
            return;
        }

        if (request["script"] is not null)
        {
            items.Failed("update", target.WriteIndex, id, 400, EsErrors.Cause("illegal_argument_exception", "scripted updates are not supported by the test double"));
            return;
        }

        var doc = request["doc"] as JsonObject;
        var existing = target[id];
        JsonObject updated;
        if (existing is null)
        {
            bool docAsUpsert = request["doc_as_upsert"]?.GetValueKind() == JsonValueKind.True;
            if ((docAsUpsert ? doc : request["upsert"] as JsonObject) is not { } upsert)
            {
                items.Failed("update", target.WriteIndex, id, 404, BulkErrors.DocumentMissing(target, id));
                return;
            }

            updated = upsert;
        }
        else
        {
            updated = JsonNode.Parse(existing.Source.Span)!.AsObject();
            var before = updated.DeepClone();
            MergeInto(updated, doc ?? []);
            if (JsonNode.DeepEquals(before, updated))
            {
                items.Done("update", target.WriteIndex, id, existing, "noop", 200, noop: true);
                return;
            }
        }

        byte[] source = JsonSerializer.SerializeToUtf8Bytes(updated);
        if (Check(source, target, id, target.IsDataStream) is { } invalid)
        {
            items.Failed("update", target.WriteIndex, id, 400, invalid);
            return;
        }

        var stored = target.Write(id, source);
        items.Done("update", target.WriteIndex, id, stored, existing is null ? "created" : "updated", existing is null ? 201 : 200);
    }

    private string? Scripted(ReadOnlyMemory<byte> source)
    {
        if (!faults.HasParsingRules)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(source.Span) is JsonObject document ? faults.ParsingFailure(document) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void MergeInto(JsonObject target, JsonObject changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                MergeInto(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>
    /// What stays true for the length of one bulk request (it runs under the cluster's lock): the target each distinct
    /// (index, op, require_data_stream) resolved to, and whether a pipeline exists, each worked out once.
    /// </summary>
    private sealed class RequestScope
    {
        private (string Id, bool Exists)? _lastPipeline;
        private (string? Index, string Op, bool RequireDataStream, Resolution Resolution)? _last;

        /// <summary>The resolution of the previous operation when this one has the same index, op and flag, else null.</summary>
        public Resolution? Resolved(BulkAction action) =>
            _last is { } last && last.Index == action.Index && last.Op == action.Op && last.RequireDataStream == action.RequireDataStream
                ? last.Resolution
                : null;

        public Resolution Remember(BulkAction action, Resolution resolution)
        {
            _last = (action.Index, action.Op, action.RequireDataStream, resolution);
            return resolution;
        }

        public bool PipelineExists(string pipeline, IngestPipelines pipelines)
        {
            if (_lastPipeline is not { } last || last.Id != pipeline)
            {
                last = (pipeline, pipelines.Contains(pipeline));
                _lastPipeline = last;
            }

            return last.Exists;
        }
    }
}

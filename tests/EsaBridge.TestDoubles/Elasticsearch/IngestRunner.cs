using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Runs a write's pipelines on its source before the document is parsed against the mapping, as Elasticsearch's
/// IngestService does: the request's or the index's <c>index.default_pipeline</c>, then <c>index.final_pipeline</c>.
/// Processors run in order; a failure of one with <c>ignore_failure</c> is skipped, any other fails the document.
/// </summary>
internal sealed class IngestRunner(ClusterState cluster)
{
    /// <summary>How deep <c>pipeline</c> processors may nest before the double calls it a cycle.</summary>
    private const int MaxDepth = 20;

    /// <summary>The source after the pipelines, or null when they left it as it was (the sent bytes are then stored).</summary>
    /// <exception cref="IngestFailure">A processor failed: the document is refused with this error.</exception>
    /// <exception cref="UnmodelledIngestException">A pipeline uses what the double does not run.</exception>
    public byte[]? Run(string? pipeline, string? finalPipeline, ReadOnlySpan<byte> source, DateTimeOffset now)
    {
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(source) as JsonObject;
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is null)
        {
            return null; // the mapping check reports what is wrong with the source
        }

        var before = document.DeepClone();
        foreach (string? id in (string?[])[pipeline, finalPipeline])
        {
            if (id is not null)
            {
                RunPipeline(id, document, now, depth: 0);
            }
        }

        return JsonNode.DeepEquals(before, document) ? null : JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private void RunPipeline(string id, JsonObject document, DateTimeOffset now, int depth)
    {
        var body = cluster.Pipelines[id] ?? throw IngestFailure.IllegalArgument($"pipeline with id [{id}] does not exist");
        var processors = (body["processors"] as JsonArray ?? []).Select(p => p!.AsObject().Single()).Select(p => (p.Key, Config: p.Value as JsonObject ?? [])).ToArray();
        foreach (var (type, config) in processors)
        {
            IngestProcessors.CheckModelled(type, config);
        }

        for (int position = 0; position < processors.Length; position++)
        {
            var (type, config) = processors[position];
            try
            {
                Apply(id, position, type, config, document, now, depth);
            }
            catch (IngestFailure) when (IngestProcessors.Flag(config, "ignore_failure", false))
            {
                // CompoundProcessor with ignore_failure: the document goes on as the processor left it.
            }
            catch (IngestFailure) when (body["on_failure"] is not null)
            {
                throw new UnmodelledIngestException($"the on_failure handlers of pipeline [{id}]");
            }
        }
    }

    private void Apply(string id, int position, string type, JsonObject config, JsonObject document, DateTimeOffset now, int depth)
    {
        switch (type)
        {
            case "geoip":
                GeoIpProcessor.Run(document, config, cluster.Pipelines.BuiltWithoutDatabase(id, position), cluster.GeoIp);
                break;
            case "rename":
                IngestProcessors.Rename(document, config);
                break;
            case "remove":
                IngestProcessors.Remove(document, config);
                break;
            case "set":
                IngestProcessors.Set(document, config, now);
                break;
            case "pipeline":
                string name = IngestProcessors.Text(config, "name");
                if (cluster.Pipelines[name] is null)
                {
                    if (IngestProcessors.Flag(config, "ignore_missing_pipeline", false))
                    {
                        return;
                    }

                    throw IngestFailure.IllegalArgument($"Pipeline processor configured for non-existent pipeline [{name}]");
                }

                if (depth >= MaxDepth)
                {
                    throw IngestFailure.IllegalArgument($"Cycle detected for pipeline: {name}");
                }

                RunPipeline(name, document, now, depth + 1);
                break;
            default:
                throw new UnmodelledIngestException($"the [{type}] processor");
        }
    }
}

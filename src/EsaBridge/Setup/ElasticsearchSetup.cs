using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Setup;

/// <summary>Installs the lifecycle policy, the ingest pipeline, the component templates and the index template, in the
/// order they depend on each other. Idempotent: an asset already installed as shipped is left alone.</summary>
internal sealed class ElasticsearchSetup(ElasticsearchClient client)
{
    public async Task<IReadOnlyList<SetupStep>> RunAsync(CancellationToken cancellation)
    {
        var steps = new List<SetupStep>
        {
            await InstallAsync("lifecycle policy", ShippedAssets.IlmPolicyName, $"/_ilm/policy/{ShippedAssets.IlmPolicyName}",
                ShippedAssets.IlmPolicy, (stored, name) => stored[name]?["policy"], ours => ours["policy"], cancellation).ConfigureAwait(false),
            await InstallAsync("ingest pipeline", ShippedAssets.IngestPipelineName, $"/_ingest/pipeline/{ShippedAssets.IngestPipelineName}",
                ShippedAssets.IngestPipeline, (stored, name) => stored[name], ours => ours, cancellation).ConfigureAwait(false),
        };
        foreach (var (name, json) in ShippedAssets.ComponentTemplates)
        {
            steps.Add(await InstallAsync("component template", name, $"/_component_template/{name}", json,
                (stored, _) => stored["component_templates"]?[0]?["component_template"], ours => ours, cancellation).ConfigureAwait(false));
        }

        foreach (var (name, json) in ShippedAssets.IndexTemplates)
        {
            steps.Add(await InstallAsync("index template", name, $"/_index_template/{name}", json,
                (stored, _) => stored["index_templates"]?[0]?["index_template"], ours => ours, cancellation).ConfigureAwait(false));
        }

        return steps;
    }

    /// <summary>Whether the index template <paramref name="name"/> that <c>setup</c> installs is there: true or false, or
    /// null when the cluster gave no answer to go by (unreachable, refused: the output's own checks report those).</summary>
    public async Task<bool?> IndexTemplateInstalledAsync(string name, CancellationToken cancellation)
    {
        var answer = await client.Transport.RequestAsync<StringResponse>(
            Elastic.Transport.HttpMethod.GET, $"/_index_template/{name}", cancellation).ConfigureAwait(false);
        return answer.ApiCallDetails.HttpStatusCode switch
        {
            200 => true,
            404 => false,
            _ => null,
        };
    }

    private async Task<SetupStep> InstallAsync(
        string kind,
        string name,
        string path,
        string body,
        Func<JsonNode, string, JsonNode?> storedPart,
        Func<JsonNode, JsonNode?> ourPart,
        CancellationToken cancellation)
    {
        var existing = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.GET, path, cancellation).ConfigureAwait(false);
        int? status = existing.ApiCallDetails.HttpStatusCode;
        var ours = JsonNode.Parse(body)!;
        if (status == 200 && JsonNode.Parse(existing.Body) is JsonNode stored && JsonContainment.Contains(storedPart(stored, name), ourPart(ours)))
        {
            return new SetupStep(kind, name, SetupChange.Unchanged);
        }

        if (status is not (200 or 404))
        {
            throw new SetupException($"{kind} {name}: {Describe(existing)}");
        }

        var put = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.PUT, path, PostData.String(body), cancellation).ConfigureAwait(false);
        if (put.ApiCallDetails.HttpStatusCode is not (200 or 201))
        {
            throw new SetupException($"{kind} {name}: {Describe(put)}");
        }

        return new SetupStep(kind, name, status == 404 ? SetupChange.Created : SetupChange.Updated);
    }

    private static string Describe(StringResponse response)
    {
        var details = response.ApiCallDetails;
        if (RedirectOf(details.OriginalException) is { } redirect)
        {
            return redirect.Message;
        }

        return details.HttpStatusCode is int code
            ? Outputs.Elasticsearch.BulkResponseReader.ErrorOf(code, System.Text.Encoding.UTF8.GetBytes(response.Body ?? string.Empty))
            : $"no answer: {details.OriginalException?.Message}";
    }

    private static Outputs.RedirectRefusedException? RedirectOf(Exception? e) => e switch
    {
        null => null,
        Outputs.RedirectRefusedException redirect => redirect,
        _ => RedirectOf(e.InnerException),
    };
}

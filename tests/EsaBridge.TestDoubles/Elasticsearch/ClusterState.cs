using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Everything the cluster holds. Callers take <see cref="Gate"/> around every read and change.</summary>
internal sealed class ClusterState
{
    public ClusterState()
    {
        IndexTemplates = new IndexTemplates(ComponentTemplates);
        GeoIp = new GeoIpDatabases(this);
        Pipelines.GeoIp = GeoIp;
        BuiltIns.InstallInto(this, DateTimeOffset.UtcNow);
    }

    /// <summary>Called after a client created, replaced or deleted a definition: it is no longer the built-in one.</summary>
    public void ClientChanged(string kind, string name) => BuiltIn.Remove(kind + "/" + name);

    /// <summary>The entries of a store that clients installed (built-ins they left alone excluded).</summary>
    public IEnumerable<KeyValuePair<string, JsonObject>> ClientOwned(string kind, IEnumerable<KeyValuePair<string, JsonObject>> entries) =>
        entries.Where(e => !BuiltIn.Contains(kind + "/" + e.Key));

    public Lock Gate { get; } = new();

    /// <summary>Built-in definitions (kind and name, e.g. <c>index_template/logs</c>) no client has replaced or deleted.</summary>
    public HashSet<string> BuiltIn { get; } = new(StringComparer.Ordinal);

    public ComponentTemplates ComponentTemplates { get; } = new();

    public IndexTemplates IndexTemplates { get; }

    public LifecyclePolicies Lifecycle { get; } = new();

    public IngestPipelines Pipelines { get; } = new();

    public Targets Targets { get; } = new();

    public GeoIpDatabases GeoIp { get; }
}

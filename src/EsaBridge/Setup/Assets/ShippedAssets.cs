using System.Reflection;
using System.Text;

namespace EsaBridge.Setup.Assets;

/// <summary>
/// The Elasticsearch, Kibana and Splunk assets that ship inside the binary: the files of <c>mappings/</c>,
/// <c>dashboards/kibana/</c> and <c>dashboards/splunk/esabridge/</c>, embedded as resources at build time, so what is installed or exported is exactly
/// what the repository holds. Each value is the file's text, unchanged (a request body for its API).
/// </summary>
public static class ShippedAssets
{
    private const string MappingsPrefix = "mappings/";
    private const string ComponentPrefix = MappingsPrefix + "component/";
    private const string DashboardsPrefix = "dashboards/kibana/";
    private const string SplunkAppPrefix = "dashboards/splunk/" + SplunkAppFolder + "/";
    private const string SplunkAppFolder = "esabridge";

    private static readonly Assembly Owner = typeof(ShippedAssets).Assembly;

    /// <summary>Resource names with '/' separators (a Windows build writes RecursiveDir with '\'), mapped to the real names.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Resources = new(() =>
        Owner.GetManifestResourceNames().ToDictionary(n => n.Replace('\\', '/'), n => n, StringComparer.Ordinal));

    private static readonly Lazy<IReadOnlyList<(string Name, string Json)>> Components = new(() =>
        [.. Resources.Value.Keys
            .Where(n => n.StartsWith(ComponentPrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ComponentPrefix.Length..^".json".Length], Read(n)))]);

    private static readonly Lazy<IReadOnlyList<(string FileName, string Ndjson)>> Dashboards = new(() =>
        [.. Resources.Value.Keys
            .Where(n => n.StartsWith(DashboardsPrefix, StringComparison.Ordinal) && n.EndsWith(".ndjson", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[DashboardsPrefix.Length..], Read(n)))]);

    private static readonly Lazy<IReadOnlyList<ShippedFile>> SplunkFiles = new(() =>
        [.. Resources.Value.Keys
            .Where(n => n.StartsWith(SplunkAppPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new ShippedFile(n[SplunkAppPrefix.Length..], ReadBytes(n)))]);

    /// <summary>Name of the session documents' index template (<c>PUT /_index_template/{name}</c>).</summary>
    public static string IndexTemplateName => "logs-cisco_esa.session";

    /// <summary>Name of the lifecycle policy (<c>PUT /_ilm/policy/{name}</c>), set by <c>index.lifecycle.name</c> of both data streams.</summary>
    public static string IlmPolicyName => "esabridge-session";

    /// <summary>Name of the ingest pipeline (<c>PUT /_ingest/pipeline/{name}</c>), the default pipeline of both data streams.</summary>
    public static string IngestPipelineName => "esabridge-session-geoip";

    /// <summary>Id of the Kibana data view of the session dashboards (<c>logs-cisco_esa.session-*</c>).</summary>
    public static string DataViewId => "esabridge-session";

    /// <summary>Id of the Kibana data view of the connection dashboard (<c>logs-cisco_esa.connection-*</c>).</summary>
    public static string ConnectionDataViewId => "esabridge-connection";

    /// <summary>Every shipped data view id, sessions first.</summary>
    public static IReadOnlyList<string> DataViewIds { get; } = [DataViewId, ConnectionDataViewId];

    /// <summary>
    /// The component templates (<c>PUT /_component_template/{Name}</c>), ordered by name; the name is the file name
    /// under <c>mappings/component/</c> without <c>.json</c>. The index templates compose exactly these, each its own
    /// (<c>esabridge-session-*</c>, <c>esabridge-connection-*</c>).
    /// </summary>
    public static IReadOnlyList<(string Name, string Json)> ComponentTemplates => Components.Value;

    /// <summary>Body of <c>PUT /_index_template/logs-cisco_esa.session</c> (<c>mappings/index-template.json</c>).</summary>
    public static string IndexTemplate => Read(MappingsPrefix + "index-template.json");

    /// <summary>Name of the connection documents' index template (<c>PUT /_index_template/{name}</c>).</summary>
    public static string ConnectionIndexTemplateName => "logs-cisco_esa.connection";

    /// <summary>Body of <c>PUT /_index_template/logs-cisco_esa.connection</c> (<c>mappings/connection-index-template.json</c>).</summary>
    public static string ConnectionIndexTemplate => Read(MappingsPrefix + "connection-index-template.json");

    /// <summary>Both index templates, sessions first (<c>PUT /_index_template/{Name}</c>); each composes its own
    /// component templates of <see cref="ComponentTemplates"/>.</summary>
    public static IReadOnlyList<(string Name, string Json)> IndexTemplates =>
        [(IndexTemplateName, IndexTemplate), (ConnectionIndexTemplateName, ConnectionIndexTemplate)];

    /// <summary>Body of <c>PUT /_ilm/policy/esabridge-session</c> (<c>mappings/ilm-policy.json</c>).</summary>
    public static string IlmPolicy => Read(MappingsPrefix + "ilm-policy.json");

    /// <summary>Body of <c>PUT /_ingest/pipeline/esabridge-session-geoip</c> (<c>mappings/ingest-pipeline.json</c>).</summary>
    public static string IngestPipeline => Read(MappingsPrefix + "ingest-pipeline.json");

    /// <summary>
    /// The Kibana saved-object files (<c>dashboards/kibana/*.ndjson</c>), ordered by file name. Each file is
    /// self-contained (it carries the data view too), so each can go to <c>POST /api/saved_objects/_import</c>
    /// on its own, under its own file name.
    /// </summary>
    public static IReadOnlyList<(string FileName, string Ndjson)> KibanaDashboards => Dashboards.Value;

    /// <summary>The Splunk app's folder name (its id in <c>app.conf</c>), the top folder of the exported archive.</summary>
    public static string SplunkAppName => SplunkAppFolder;

    /// <summary>
    /// The files of the Splunk app (<c>dashboards/splunk/esabridge/</c>), ordered by path; each path is relative to
    /// the app folder with '/' separators, e.g. <c>default/props.conf</c>.
    /// </summary>
    public static IReadOnlyList<ShippedFile> SplunkApp => SplunkFiles.Value;

    private static byte[] ReadBytes(string name)
    {
        using var stream = Owner.GetManifestResourceStream(Resources.Value[name])
            ?? throw new InvalidOperationException($"The asset '{name}' cannot be read.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Read(string name)
    {
        if (!Resources.Value.TryGetValue(name, out string? resource))
        {
            throw new InvalidOperationException($"The asset '{name}' is not embedded in {Owner.GetName().Name}.");
        }

        using var stream = Owner.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The asset '{name}' cannot be read.");
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

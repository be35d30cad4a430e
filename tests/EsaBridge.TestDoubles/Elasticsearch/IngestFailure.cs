namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>A processor failed on a document, as Elasticsearch reports it in the item's error (type and reason).</summary>
internal sealed class IngestFailure(string type, string reason) : Exception(reason)
{
    public string Type { get; } = type;

    public static IngestFailure IllegalArgument(string reason) => new("illegal_argument_exception", reason);
}

/// <summary>
/// A pipeline uses something the double does not run (a processor type, an option, a template, a conditional): the
/// bulk request fails as a whole, so a test cannot pass on a pipeline nobody modelled. Model it in
/// <see cref="IngestProcessors"/> (from Elasticsearch's source) before relying on it.
/// </summary>
internal sealed class UnmodelledIngestException(string what) : Exception(
    $"the Elasticsearch test double does not model {what}; model it in tests/EsaBridge.TestDoubles/Elasticsearch/IngestProcessors.cs from Elasticsearch's source first");

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>A whole-request fault for one <c>_bulk</c> request: answer <paramref name="Status"/>, or drop the connection when null.</summary>
internal sealed record BulkFault(int? Status);

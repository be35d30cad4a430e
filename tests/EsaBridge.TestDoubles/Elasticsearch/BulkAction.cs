namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>One operation of a bulk request: its action line's metadata and the source line that follows (none for delete).</summary>
internal sealed record BulkAction(string Op, string? Index, string? Id, string? Pipeline, bool RequireDataStream, ReadOnlyMemory<byte> Source);

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// One operation of a bulk request: its action line's metadata and the source line that follows (none for delete):
/// <see cref="Source"/> to read while the request is handled, <see cref="KeptSource"/> (the same bytes) to store.
/// </summary>
internal sealed record BulkAction(string Op, string? Index, string? Id, string? Pipeline, bool RequireDataStream, ReadOnlyMemory<byte> Source, ReadOnlyMemory<byte> KeptSource);

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>A document as stored: its source bytes (a slice of the request that brought it), version and sequence number.</summary>
internal sealed record StoredDocument(ReadOnlyMemory<byte> Source, long Version, long SeqNo);
